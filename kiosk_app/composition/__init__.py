"""Composition roots: one module per process kind, the only places that name concrete
classes (store engines, printers, scanners, channels, players). Everything else takes its
collaborators as arguments.

- `centre`: what every centre process starts from (settings, store, clock, catalogue);
- `kiosk`: the touchscreen kiosk (and the headless `asan-queue ticket` one-shot);
- `staff`: the staff console, and the reports it and `asan-queue report` write;
- `display`: the hall display;
- `sync_agent`: the centre's sync agent.

The central server's root is `server_sync.app`.
"""
