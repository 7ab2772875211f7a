"""Agency application pages (seeds 000, 001): where to apply, the form, the number.

`/applications` lists the services that take an application; `/applications/{service}`
walks the seed's steps: the organisation (head office or a regional office), then
the official or structural unit, then "Müraciət et" opens the form, which is rendered
from the catalogue's form data (`_application_form.html`) and posted as multipart
(`uploads.read_form` streams it). A form that needs an account (seed 001) sends a
signed-in citizen's basic data pre-filled and proves the mobile number with an SMS
code first. The citizen's own application and its files: `/applications/view/{number}`.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from python_multipart.exceptions import MultipartParseError

from server_sync.api.deps import Services, get_services, request_language
from server_sync.domain.applications import STATUS_WORDS, is_open
from server_sync.domain.validation import FieldProblem
from server_sync.kernel.catalogue import Service
from server_sync.kernel.forms import ApplicationForm
from server_sync.kernel.i18n import N_, Translator
from server_sync.services.applications.service import ApplicationView
from server_sync.services.errors import Refusal
from server_sync.web.account_texts import errors_of
from server_sync.web.auth import SignInNeeded
from server_sync.web.csrf import CSRF_COOKIE, CsrfRefused, csrf_token, current_session
from server_sync.web.pages import not_found_page, render
from server_sync.web.uploads import BodyRefused, ParsedForm, read_form

router = APIRouter(include_in_schema=False)
Svc = Annotated[Services, Depends(get_services)]
OWNER_COOKIE = "asanq_owner"


def _offered(services: Services) -> list[Service]:
    catalogue = services.catalogue.current().catalogue
    return [s for s in catalogue.services.values() if s.form is not None]


@router.get("/applications", response_class=HTMLResponse)
def index(request: Request, services: Svc) -> Response:
    lang = request_language(request, header=False)
    catalogue = services.catalogue.current().catalogue
    return render(
        request,
        "apply_index.html",
        lang,
        offered=[(s, catalogue.agencies[s.agency_id]) for s in _offered(services)],
    )


def _service(services: Services, service_id: str) -> tuple[Service, ApplicationForm] | None:
    try:
        return services.applications.form_of(service_id[:64])
    except Refusal:
        return None


def _not_found(request: Request, lang: str) -> HTMLResponse:
    return not_found_page(request, lang, "apply.title", "/applications")


def _prefill(services: Services, request: Request, form: ApplicationForm) -> dict[str, Any]:
    session = current_session(request, services)
    if session is None:
        return {}
    me = services.accounts.account.profile(session.citizen_id)
    return {f.name: str(getattr(me, f.prefill)) for f in form.fields if f.prefill}


def _form_page(
    request: Request,
    services: Services,
    lang: str,
    service: Service,
    form: ApplicationForm,
    destination: tuple[str, str],
    values: dict[str, Any],
    problems: list[FieldProblem] | None = None,
    notice: str = "",
    status: int = 200,
) -> HTMLResponse:
    catalogue = services.catalogue.current().catalogue
    org = form.organisation(destination[0])
    unit = org.unit(destination[1]) if org else None
    fins = {
        f.name: _list_slots(f.max_items, values.get(f.name))
        for f in form.fields
        if f.type == "fin_list"
    }
    budget = services.applications.budget(form)
    return render(
        request,
        "apply_form.html",
        lang,
        status=status,
        service=service,
        agency=catalogue.agencies[service.agency_id],
        form=form,
        org=org,
        unit=unit,
        values=values,
        fins=fins,
        errors=errors_of(problems or [], lang),
        labels=_labels(form, lang),
        notice=notice,
        max_files=budget.max_files,
        max_file_mb=round(budget.max_file / 1024 / 1024, 1),
        max_total_mb=round(budget.max_total / 1024 / 1024, 1),
    )


def _labels(form: ApplicationForm, lang: str) -> dict[str, str]:
    tr = Translator(lang)
    return {
        "_form": tr("account.field.form"),
        "files": tr("apply.field.files"),
        "organisation": tr("apply.organisation"),
        "unit": tr("apply.unit"),
        "sms_code": tr("apply.field.sms_code"),
        "session": tr("account.field.session"),
        **{f.name: f.label(lang) for f in form.fields},
        **{
            f"{f.name}-{n}": tr("apply.fin_n", n=n)
            for f in form.fields
            if f.type == "fin_list"
            for n in range(1, f.max_items + 1)
        },
    }


def _list_slots(max_items: int, typed: object) -> list[str]:
    items = [x for x in typed if isinstance(x, str)] if isinstance(typed, list) else []
    while items and not items[-1].strip():
        items.pop()
    return (items + [""] * max(3 - len(items), 1))[: max(max_items, len(items))]


@router.get("/applications/{service_id}", response_class=HTMLResponse)
def apply_page(service_id: str, request: Request, services: Svc) -> Response:
    lang = request_language(request, header=False)
    found = _service(services, service_id)
    if found is None:
        return _not_found(request, lang)
    service, form = found
    if form.sign_in and current_session(request, services) is None:
        raise SignInNeeded(request.url.path)
    org_id = request.query_params.get("organisation", "")[:64]
    unit_id = request.query_params.get("unit", "")[:64]
    catalogue = services.catalogue.current().catalogue
    if form.organisations:
        org = form.organisation(org_id)
        if org is None or org.unit(unit_id) is None:
            return render(
                request,
                "apply_where.html",
                lang,
                service=service,
                agency=catalogue.agencies[service.agency_id],
                form=form,
                org=org,
            )
    return _form_page(
        request, services, lang, service, form, (org_id, unit_id), _prefill(services, request, form)
    )


def _csrf_ok(request: Request, services: Services, parsed: ParsedForm) -> bool:
    if not request.cookies.get(CSRF_COOKIE):
        return False
    expected = csrf_token(request, services)
    return hmac.compare_digest(expected.encode(), parsed.first("csrf").encode())


def _check_csrf(request: Request, services: Services, parsed: ParsedForm) -> None:
    if not _csrf_ok(request, services, parsed):
        raise CsrfRefused()


def _answers(form: ApplicationForm, parsed: ParsedForm) -> dict[str, object]:
    answers: dict[str, object] = {}
    for f in form.fields:
        if f.name not in parsed.fields:
            continue
        got = parsed.fields[f.name]
        answers[f.name] = got if f.type == "fin_list" else got[0]
    return answers


@router.post("/applications/{service_id}", response_class=HTMLResponse)
async def apply_submit(service_id: str, request: Request, services: Svc) -> Response:
    lang = request_language(request, header=False)
    if not request.cookies.get(CSRF_COOKIE):  # no page was ever shown to this browser
        raise CsrfRefused()
    found = _service(services, service_id)
    if found is None:
        return _not_found(request, lang)
    service, form = found
    session = current_session(request, services)
    if form.sign_in and session is None:
        raise SignInNeeded(f"/applications/{service.id}")
    applications = services.applications
    try:
        parsed = await read_form(
            request.headers.get("content-type", ""),
            request.headers.get("content-length"),
            request.stream(),
            applications.files,
            applications.budget(form),
        )
    except (BodyRefused, MultipartParseError) as exc:
        code = exc.code if isinstance(exc, BodyRefused) else "bad_body"
        status = exc.status if isinstance(exc, BodyRefused) else 400
        return _refused_body(request, lang, code, status)
    if parsed.stopped and not _csrf_ok(request, services, parsed):
        # a body cut short at a cap may have lost its token: say why, change nothing
        return _form_page(
            request, services, lang, service, form, ("", ""), {}, parsed.problems, status=413
        )
    try:
        _check_csrf(request, services, parsed)
    except CsrfRefused:
        for f in parsed.files:
            f.path.unlink(missing_ok=True)
        raise
    lang = request_language(request, parsed.first("lang"), header=False)
    destination = (parsed.first("organisation")[:64], parsed.first("unit")[:64])
    answers = _answers(form, parsed)
    extra = {k for k in parsed.fields if k not in {f.name for f in form.fields}}
    extra -= {"csrf", "lang", "organisation", "unit", "action", "sms_code", "files"}
    problems = list(parsed.problems) + [
        FieldProblem(k[:80], "unknown_field") for k in sorted(extra)
    ]
    values: dict[str, Any] = {**_prefill(services, request, form), **answers}
    tr = Translator(lang)
    if parsed.stopped:
        return _form_page(
            request, services, lang, service, form, destination, values, problems, status=413
        )
    if form.phone_proof and session is not None:
        phone_text = parsed.first(form.phone_field)
        if parsed.first("action") == "send_code":
            for f in parsed.files:
                f.path.unlink(missing_ok=True)
            try:
                applications.send_phone_code(session.citizen_id, phone_text, lang, form.phone_field)
            except Refusal as refusal:
                return _form_page(
                    request,
                    services,
                    lang,
                    service,
                    form,
                    destination,
                    values,
                    refusal.problems,
                    status=refusal.status,
                )
            notice = tr("apply.sms_sent")
            return _form_page(
                request, services, lang, service, form, destination, values, notice=notice
            )
        if parsed.first("sms_code").strip():
            try:
                applications.prove_phone(session.citizen_id, phone_text, parsed.first("sms_code"))
            except Refusal as refusal:
                problems.extend(refusal.problems)
    try:
        registered = applications.submit(
            service.id,
            answers,
            destination,
            parsed.files,
            lang,
            session.citizen_id if session else None,
            problems,
        )
    except Refusal as refusal:
        return _form_page(
            request,
            services,
            lang,
            service,
            form,
            destination,
            values,
            refusal.problems,
            status=refusal.status,
        )
    services.jobs.wake()
    response = render(
        request,
        "apply_done.html",
        lang,
        number=registered.number,
        signed_in=session is not None,
        book_url=visit_url(service, registered.number, "registered", lang),
    )
    response.set_cookie(
        OWNER_COOKIE,
        registered.owner_token,
        httponly=True,
        samesite="strict",
        secure=services.server.public_url.lower().startswith("https://"),
        path=f"/applications/view/{registered.number}",
        max_age=30 * 86400,
    )
    return response


def _refused_body(request: Request, lang: str, code: str, status: int) -> HTMLResponse:
    tr = Translator(lang)
    key = N_("apply.error.files_too_big") if status == 413 else N_("apply.error.bad_body")
    return render(
        request,
        "done.html",
        lang,
        status=status,
        title=tr("apply.title"),
        text=tr(key),
        link=f"/applications?lang={lang}",
        link_text=tr("apply.title"),
    )


def visit_url(service: Service | None, number: str, status: str, lang: str) -> str:
    """Where to book the visit to a counter for this application ("" when it cannot be:
    the application is decided, or its service is not booked online)."""
    if service is None or not service.bookable_online or not is_open(status):
        return ""
    return "/book?" + urlencode({"service": service.id, "application": number, "lang": lang})


def _owned(request: Request, services: Services, number: str) -> ApplicationView | None:
    session = current_session(request, services)
    return services.applications.owned(
        number[:40], session.citizen_id if session else None, request.cookies.get(OWNER_COOKIE)
    )


@router.get("/applications/view/{number}", response_class=HTMLResponse)
def view_page(number: str, request: Request, services: Svc) -> Response:
    lang = request_language(request, header=False)
    found = _owned(request, services, number)
    if found is None:
        return _not_found(request, lang)
    catalogue = services.catalogue.current().catalogue
    service = catalogue.services.get(found.service_id)
    form = service.form if service else None
    return render(
        request,
        "apply_view.html",
        lang,
        application=found,
        service=service,
        labels={f.name: f.label(lang) for f in form.fields} if form else {},
        status_word=Translator(lang)(STATUS_WORDS.get(found.status, STATUS_WORDS["registered"])),
        book_url=visit_url(service, found.number, found.status, lang),
    )


@router.get("/applications/view/{number}/files/{position}")
def file_download(number: str, position: int, request: Request, services: Svc) -> Response:
    found = _owned(request, services, number)
    got = services.applications.file_bytes(found, position) if found else None
    if got is None:
        return Response("not found", status_code=404, media_type="text/plain")
    meta, data = got
    media = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}[meta.kind]
    return Response(
        data,
        media_type=media,
        headers={
            "Content-Disposition": f'attachment; filename="file-{meta.position}.{meta.kind}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )
