"""The touchscreen kiosk's widgets: thin views over `kiosk_app.presenters.kiosk.presenter`."""
