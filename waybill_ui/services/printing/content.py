"""What a label says, as plain texts, for printers that draw the label themselves (TSPL text mode,
print components' custom content). Built from the same LabelData as the PDF page
(services/printing/labels.py `take_for_print`), with the same masking and the same notes, so every path
prints the same label."""

from __future__ import annotations

from dataclasses import dataclass

from waybill_ui.services.printing.label_pdf import LabelData
from waybill_ui.services.printing.label_text import mask_name, mask_phone


@dataclass
class LabelTexts:
    carrier: str
    number: str
    route_code: str
    sort_name: str
    package_name: str
    receiver: str  # name and phone, masked like the PDF when the shop masks
    address: str
    sender: str
    sender_address: str
    order_no: str
    notes: list[str]  # 商品 / 留言 / 备注 lines, the ones that are set
    footer: str  # print time, and which print this is when it is a 补打
    place: str  # "3/20": the label's place in the batch
    reprint: bool


def texts(label: LabelData, *, mask: bool) -> LabelTexts:
    name = mask_name(label.receiver_name) if mask else label.receiver_name
    phone = mask_phone(label.phone) if mask else label.phone
    notes = [
        f"商品：{label.items}" if label.items else "",
        f"留言：{label.buyer_note}" if label.buyer_note else "",
        f"备注：{label.seller_memo}" if label.seller_memo else "",
    ]
    return LabelTexts(
        carrier=label.carrier_name,
        number=label.number,
        route_code=label.route_code,
        sort_name=label.sort_name,
        package_name=label.package_name,
        receiver=f"{name}  {phone}".strip(),
        address=label.address,
        sender=f"{label.sender_name}  {label.sender_phone}".strip(),
        sender_address=label.sender_address,
        order_no=label.order_no,
        notes=[n for n in notes if n],
        footer=f"打印 {label.printed_at}" + (f"  第{label.print_count}次" if label.reprint else ""),
        place=f"{label.index}/{label.total}",
        reprint=label.reprint,
    )
