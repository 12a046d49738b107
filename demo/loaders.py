"""The demo's loaders in the order `load_demo` runs them, in one transaction, and the demo's own day.

The order matters: a loader finds the rows it links to (units, accounts, deputies, opinions, topics,
meetings) among those the loaders before it made.
"""

from collections.abc import Callable
from datetime import date

from demo.accounts import load_demo_users
from demo.campaigns import load_demo_campaigns
from demo.deputies import load_demo_deputies
from demo.liaison import load_demo_liaison
from demo.meetings import load_demo_meetings
from demo.proposals import load_demo_drafts_from_opinions, load_demo_proposals
from demo.publicity import load_demo_publicity
from demo.reference import load_reference_data
from demo.registers import load_demo_registers
from demo.supervision import load_demo_supervision

# The demo's own day: its dates are set around it, and its reminders are those of that day's scan.
DEMO_DAY = date(2026, 11, 30)

# (name, loader(stdout)): the name says whose data the loader makes; tests pick loaders by it.
LOADERS: list[tuple[str, Callable]] = [
    ("core.reference", load_reference_data),
    ("accounts.users", load_demo_users),
    ("deputies", load_demo_deputies),
    ("liaison", load_demo_liaison),
    ("proposals", load_demo_proposals),
    ("proposals.from_opinions", load_demo_drafts_from_opinions),
    ("supervision", load_demo_supervision),
    ("deputies.campaigns", load_demo_campaigns),
    ("publicity", load_demo_publicity),
    ("meetings", load_demo_meetings),
    ("meetings.registers", load_demo_registers),
]
