"""The dashboard's figures as workbook sheets (title, headers, rows), from the figures() dict alone, so a
frozen snapshot exports exactly like the live page."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def _pct(value) -> float | str:
    return "" if value is None else value


def _suggestion_rows(s: dict) -> list[list]:
    rows = [
        (pgettext("dashboard", "Received"), s["received"], None),
        (pgettext("dashboard", "Assigned"), s["assigned"], None),
        (pgettext("dashboard", "Replied"), s["replied"], None),
        (_("Replied on time"), s["on_time"], "share"),
        (_("Replied with a consultation (面商)"), s["consultation"], "share"),
        (_("Satisfied or basically satisfied"), s["satisfaction"], "share"),
        (_("Handled again"), s["rehandled"], None),
        (_("Key suggestions (重点督办)"), s["key"], None),
    ]
    out = []
    for label, fig, has_share in rows:
        out.append(
            [
                label,
                fig["value"],
                _pct(fig.get("share")) if has_share else "",
                fig["previous"],
                _pct(fig.get("previous_share")) if has_share else "",
            ]
        )
    out.append([_("Overdue today"), s["overdue"]["value"], "", "", ""])
    return out


def figure_sheets(figures: dict) -> list[tuple[str, list[str], list[list]]]:
    year, previous = figures["year"], figures["previous_year"]
    s, sv, li, de, pu = (
        figures["suggestions"],
        figures["supervision"],
        figures["liaison"],
        figures["deputies"],
        figures["publicity"],
    )
    share = _("Share (%)")
    sheets = [
        (
            _("Suggestions"),
            [_("Figure"), str(year), share, str(previous), share],
            _suggestion_rows(s),
        ),
        (
            _("Outcome categories"),
            [_("Outcome category"), _("Suggestions"), share],
            [[o["label"], o["value"], _pct(o["share"])] for o in s["outcomes"]],
        ),
        (
            _("Overdue suggestions by unit"),
            [_("Lead unit"), _("Overdue suggestions")],
            [[r["label"], r["value"]] for r in s["overdue"]["by_unit"]],
        ),
        (
            _("Supervision"),
            [_("Group"), _("Item"), _("Number")],
            [
                *[[_("Activities by kind"), r["label"], r["value"]] for r in sv["activities"]["by_kind"]],
                *[
                    [_("Review opinions by state"), r["label"], r["value"]]
                    for r in sv["opinions"]["by_state"]
                ],
                *[
                    [_("Rectification items by state"), r["label"], r["value"]]
                    for r in sv["items"]["by_state"]
                ],
                *[
                    [_("Overdue rectification items by unit"), r["label"], r["value"]]
                    for r in sv["items_overdue"]["by_unit"]
                ],
            ],
        ),
        (
            _("Liaison stations"),
            [_("Station"), _("Reception days held"), _("Opinions"), _("Closed with feedback"), share],
            [
                *[
                    [r["label"], r["receptions"], r["opinions"], r["closed"], _pct(r["closed_share"])]
                    for r in li["stations"]
                ],
                [
                    _("Total"),
                    li["receptions"]["value"],
                    li["opinions"]["value"],
                    li["closed"]["value"],
                    _pct(li["closed"]["share"]),
                ],
            ],
        ),
        (
            _("Deputies"),
            [_("Figure"), _("Deputies"), share],
            [
                [_("Active deputies"), de["total"]["value"], ""],
                [
                    _("Filed or co-signed a suggestion"),
                    de["suggestion"]["value"],
                    _pct(de["suggestion"]["share"]),
                ],
                [_("Joined a supervision activity"), de["activity"]["value"], _pct(de["activity"]["share"])],
                [_("Attended a training"), de["training"]["value"], _pct(de["training"]["share"])],
            ],
        ),
        (
            _("Publicity"),
            [_("Month"), _("Articles published")],
            [
                *[[m["label"], m["value"]] for m in pu["per_month"]],
                [_("Total"), pu["articles"]["value"]],
            ],
        ),
    ]
    return sheets
