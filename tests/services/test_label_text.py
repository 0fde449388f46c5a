import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from waybill_ui.services.printing.label_pdf import CJK, register_fonts
from waybill_ui.services.printing.label_text import LEADING, fit, mask_phone, text_width, wrap


@pytest.mark.parametrize(
    "phone, masked",
    [
        ("13800138000", "138****8000"),
        ("13800138000-1234", "138****8000-1234"),
        ("0571-88886666", "057*-****6666"),
        ("+86 139 1234 5678", "139****5678"),
        ("12345", "12345"),
        ("", ""),
    ],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


def test_wrap_keeps_latin_words_whole():
    register_fonts()
    lines = wrap("杭州市西湖区 Building-12B 室", CJK, 10, text_width("杭州市西湖区 Buil", CJK, 10))
    assert any("Building-12B" in line for line in lines)


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(alphabet="浙江省杭州市西湖区文三路0123456789号楼ABC -#", min_size=0, max_size=400),
    width=st.floats(40, 300),
    height=st.floats(8, 120),
)
def test_fit_never_leaves_its_box(text, width, height):
    register_fonts()
    size, lines = fit(text, CJK, width, height, max_size=12, min_size=5)
    assert 5 <= size <= 12
    assert len(lines) * size * LEADING <= height or (len(lines) == 1 and size <= height)
    assert all(text_width(line, CJK, size) <= width + 0.01 for line in lines)
    if text.strip() and not any(line.endswith("…") for line in lines):  # nothing cut: all of it is there
        assert "".join("".join(lines).split()) == "".join(text.split())


def test_mask_name_keeps_the_surname():
    from waybill_ui.services.printing.label_text import mask_name

    assert mask_name("张三") == "张*"
    assert mask_name("张三丰") == "张**"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_name("张**") == "张**"  # already masked by the marketplace
    assert mask_name("") == "" and mask_name("王") == "王"
