"""Texts of the upload drop zone (ui/components/drop_zone.py)."""

TEXTS = {
    "upload.drop_here": ("点击选择文件，或把文件拖到这里", "Click to choose a file, or drop it here"),
    "upload.hint": ("支持 {kinds}，最大 {limit_mb} MB", "{kinds}, up to {limit_mb} MB"),
    "upload.too_large": (
        "文件超过 {limit_mb} MB，无法上传。请拆分后再试。",
        "The file is over {limit_mb} MB; split it and try again.",
    ),
}
