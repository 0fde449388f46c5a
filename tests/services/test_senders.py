import pytest
from sqlmodel import select

from waybill_ui.db.models import AuditLog
from waybill_ui.services.settings import senders
from waybill_ui.services.common.errors import Conflict, Forbidden, Invalid
from waybill_ui.services.settings.senders import SenderInput
from waybill_ui.services.accounts.users import Principal
from tests.label_rows import make_shipments

OWNER = Principal(id=1, username="owner", role="owner")
STAFF = Principal(id=2, username="staff1", role="staff")


def sender(**changes) -> SenderInput:
    values = {
        "name": "李四",
        "phone": "13800138000",
        "province": "浙江",
        "city": "杭州市",
        "district": "余杭区",
        "address": "梦想小镇 3 号仓库",
        "label": "杭州仓",
    }
    values.update(changes)
    return SenderInput(**values)


def test_first_address_is_the_default_and_province_is_normalized(db):
    first = senders.create_sender(db, data=sender(), actor=OWNER)
    assert first.is_default and first.province == "浙江省"
    second = senders.create_sender(db, data=sender(name="王五", province="广西"), actor=OWNER)
    assert not second.is_default and second.province == "广西壮族自治区"
    assert [s.name for s in senders.list_senders(db)] == ["李四", "王五"]
    assert senders.default_sender(db).id == first.id


def test_exactly_one_default(db):
    a = senders.create_sender(db, data=sender(), actor=OWNER)
    b = senders.create_sender(db, data=sender(name="B", is_default=True), actor=OWNER)
    rows = senders.list_senders(db)
    assert [(r.id, r.is_default) for r in rows] == [(b.id, True), (a.id, False)]
    senders.set_default(db, sender_id=a.id, actor=OWNER)
    assert [(r.id, r.is_default) for r in senders.list_senders(db)] == [(a.id, True), (b.id, False)]
    senders.delete_sender(db, sender_id=a.id, actor=OWNER)  # the default goes: another takes over
    assert [(r.id, r.is_default) for r in senders.list_senders(db)] == [(b.id, True)]


@pytest.mark.parametrize(
    "phone, stored",
    [
        ("138 0013 8000", "13800138000"),
        ("+86 13800138000", "13800138000"),
        ("0571-88886666", "0571-88886666"),
        ("010 66668888-123", "01066668888-123"),
        ("400-820-8820", "400-820-8820"),
        ("95338", "95338"),
    ],
)
def test_phone_formats_accepted(db, phone, stored):
    assert senders.create_sender(db, data=sender(phone=phone), actor=OWNER).phone == stored


@pytest.mark.parametrize(
    "changes, key",
    [
        ({"phone": "12345"}, "senders.phone_invalid"),
        ({"phone": "23800138000"}, "senders.phone_invalid"),
        ({"phone": ""}, "senders.phone_invalid"),
        ({"name": "  "}, "senders.name_required"),
        ({"name": "名" * 41}, "senders.name_required"),
        ({"province": "火星"}, "senders.province_invalid"),
        ({"city": ""}, "senders.city_required"),
        ({"address": ""}, "senders.address_required"),
        ({"address": "路" * 201}, "senders.address_required"),
        ({"district": "区" * 33}, "senders.district_too_long"),
        ({"label": "x" * 41}, "senders.label_too_long"),
    ],
)
def test_invalid_input_is_refused_with_a_clear_message(db, changes, key):
    with pytest.raises(Invalid) as raised:
        senders.create_sender(db, data=sender(**changes), actor=OWNER)
    assert raised.value.text_key == key
    assert raised.value.message("zh") != key  # the text exists
    assert senders.list_senders(db) == []


def test_update_keeps_validation_and_audits(db):
    row = senders.create_sender(db, data=sender(), actor=OWNER)
    with pytest.raises(Invalid):
        senders.update_sender(db, sender_id=row.id, data=sender(phone="nope"), actor=OWNER)
    senders.update_sender(db, sender_id=row.id, data=sender(name="赵六", city="宁波市"), actor=OWNER)
    [stored] = senders.list_senders(db)
    assert (stored.name, stored.city, stored.is_default) == ("赵六", "宁波市", True)
    with db.read() as session:
        actions = [a.action for a in session.exec(select(AuditLog).where(AuditLog.entity == "sender_address"))]
    assert actions == ["create", "update"]


def test_staff_cannot_change_sender_addresses(db):
    with pytest.raises(Forbidden):
        senders.create_sender(db, data=sender(), actor=STAFF)
    row = senders.create_sender(db, data=sender(), actor=OWNER)
    for call in (
        lambda: senders.set_default(db, sender_id=row.id, actor=STAFF),
        lambda: senders.delete_sender(db, sender_id=row.id, actor=STAFF),
        lambda: senders.update_sender(db, sender_id=row.id, data=sender(), actor=STAFF),
    ):
        with pytest.raises(Forbidden):
            call()


def test_an_address_used_by_shipments_is_kept(db):
    row = senders.create_sender(db, data=sender(), actor=OWNER)
    make_shipments(db, 2, sender_address_id=row.id)
    with pytest.raises(Conflict) as raised:
        senders.delete_sender(db, sender_id=row.id, actor=OWNER)
    assert "2" in raised.value.message("zh")
    assert len(senders.list_senders(db)) == 1


def test_number_of_addresses_is_capped(db, monkeypatch):
    monkeypatch.setattr(senders, "MAX_ADDRESSES", 2)
    senders.create_sender(db, data=sender(), actor=OWNER)
    senders.create_sender(db, data=sender(), actor=OWNER)
    with pytest.raises(Conflict):
        senders.create_sender(db, data=sender(), actor=OWNER)
