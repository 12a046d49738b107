"""factory_boy factories for the reference data, accounts and notifications."""

from datetime import date

import factory
from django.contrib.auth.models import Group

from renda.accounts.models import User
from renda.accounts.roles import Role
from renda.core.models import Notification, Session, Term, Township, Unit

TEST_PASSWORD = "Jixian-test-2026"


class TownshipFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"测试{n}乡")
    kind = Township.Kind.TOWNSHIP
    code = factory.Sequence(lambda n: f"1410289{n:05d}")

    class Meta:
        model = Township
        django_get_or_create = ("name",)


class UnitFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"县测试局{n}")
    kind = Unit.Kind.DEPARTMENT

    class Meta:
        model = Unit
        django_get_or_create = ("name",)

    class Params:
        # UnitFactory(township_government=True): a township's government, which must name its township.
        township_government = factory.Trait(
            kind=Unit.Kind.TOWNSHIP,
            township=factory.SubFactory(TownshipFactory),
            name=factory.LazyAttribute(lambda o: f"{o.township.name}人民政府"),
        )


class TermFactory(factory.django.DjangoModelFactory):
    number = factory.Sequence(lambda n: 16 + n)
    name = factory.LazyAttribute(lambda o: f"第{o.number}届")
    start_date = date(2021, 10, 1)
    end_date = None
    is_current = False

    class Meta:
        model = Term
        django_get_or_create = ("number",)


class SessionFactory(factory.django.DjangoModelFactory):
    term = factory.SubFactory(TermFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"第{o.number}次会议")
    start_date = date(2026, 2, 10)
    end_date = date(2026, 2, 12)

    class Meta:
        model = Session


class UserFactory(factory.django.DjangoModelFactory):
    """A user; `role=Role.STAFF` (or a list of roles) puts them in the role Groups.

    A unit user without an explicit `unit` gets a new one; an administrator may use the admin site.
    """

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"测试用户{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.django.Password(TEST_PASSWORD)
    must_change_password = False

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        roles = [Role(r) for r in (extracted if isinstance(extracted, list | tuple) else [extracted])]
        self.groups.set(Group.objects.filter(name__in=[r.value for r in roles]))
        if Role.UNIT in roles and self.unit_id is None:
            self.unit = UnitFactory()
        if Role.ADMIN in roles:
            self.is_staff = True
        self.save(update_fields=["unit", "is_staff"])


class NotificationFactory(factory.django.DjangoModelFactory):
    recipient = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"通知{n}")
    body = "请按时办理。"
    url = ""
    key = factory.Sequence(lambda n: f"test:event:{n}")

    class Meta:
        model = Notification


class IndexedFactory(factory.django.DjangoModelFactory):
    """A factory of records that owe deadlines: what it makes is written to the deadline index, as the
    services write it, so that a test's services are checked against an index already in step."""

    class Meta:
        abstract = True

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        super()._after_postgeneration(instance, create, results)
        if create:
            from renda.core.deadlines import sync_deadlines

            sync_deadlines(instance)
