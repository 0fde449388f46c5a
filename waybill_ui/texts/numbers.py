"""Texts of the shared number-format checks (carriers/formats.py), used by every area that
validates a typed, scanned or imported waybill number."""

TEXTS = {
    "number.unknown_carrier": (
        "不认识这家快递公司，请从列表中选择快递。",
        "Unknown carrier; choose one from the list.",
    ),
    "number.empty": ("单号是空的，请填写单号。", "The number is empty; enter a number."),
    "number.too_long": (
        "单号太长（最多 40 个字符），请检查是否粘贴了多余内容。",
        "The number is too long (40 characters at most); check for extra pasted text.",
    ),
    "number.bad_format": (
        "单号格式与所选快递不符，请核对单号或快递公司。",
        "The number does not fit the chosen carrier's format; check the number or the carrier.",
    ),
    "number.bad_check_digit": (
        "单号校验位不对，可能抄错了一位，请核对。",
        "The number's check digit is wrong (probably a typo); check the number.",
    ),
    "number.range_count": ("号段数量必须大于 0。", "The range count must be at least 1."),
    "number.range_overflow": (
        "号段超出了单号的位数，请减少数量或检查起始单号。",
        "The range runs past the number's digits; lower the count or check the start number.",
    ),
    "number.range_no_digits": (
        "起始单号末尾没有数字，无法生成号段。",
        "The start number does not end in digits, so no range can be made from it.",
    ),
}
