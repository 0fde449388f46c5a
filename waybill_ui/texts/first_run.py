"""Texts of the owner's first-run walk-through (ui/components/first_run.py)."""

TEXTS = {
    "firstrun.title": ("开店向导：发货前的两步", "Before the first parcel: two steps"),
    "firstrun.intro": (
        "设置好寄件人和面单，之后发货、打印就不用再管这些。以后可以在 设置 → 面单与寄件人 修改。",
        "Set the sender and the labels once; change them later in Settings → Labels & sender.",
    ),
    "firstrun.step.sender": ("寄件人（发货地址）", "Sender (ship-from address)"),
    "firstrun.step.labels": ("面单与打印", "Labels and printing"),
    "firstrun.sender_why": (
        "每张面单都印寄件人；退回的包裹也寄回这里。",
        "Every label prints the sender; returns come back here.",
    ),
    "firstrun.name": ("寄件人姓名", "Sender name"),
    "firstrun.phone": ("手机或座机", "Mobile or landline"),
    "firstrun.province": ("省份", "Province"),
    "firstrun.city": ("城市", "City"),
    "firstrun.district": ("区县", "District"),
    "firstrun.address": ("详细地址", "Street address"),
    "firstrun.next": ("保存，下一步", "Save and continue"),
    "firstrun.later": ("稍后再说", "Later"),
    "firstrun.printer_hint": (
        "面单默认用浏览器打印 PDF（热敏打印机选 76×130 或 100×180 纸）。",
        "Labels print as a PDF from the browser (thermal printers: 76×130 or 100×180 paper).",
    ),
    "firstrun.finish": ("完成", "Done"),
    "firstrun.done": ("设置好了，可以发货了。", "All set: you can ship now."),
    "firstrun.banner": (
        "还没有设置寄件人：面单要印寄件人，设置前不能发货和打印。",
        "No sender yet: labels print it, so shipping and printing wait until it is set.",
    ),
    "firstrun.banner_button": ("现在设置", "Set it now"),
}
