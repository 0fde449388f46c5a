"""A real drop zone for uploads: 点击选择文件或拖到这里, the accepted kinds and size limit, then
each file's name, size and progress — instead of Quasar's bare uploader ("0.0B / 0.00%", a small +).

The file arrives through NiceGUI's upload route (spooled to a temporary file for big ones) and
`save_upload` copies it into the data folder's uploads/, so nothing large is held in memory."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path

from nicegui import events, ui

from waybill_ui.services.common import uploads
from waybill_ui.services.orders.importing import check_size
from waybill_ui.ui.i18n import t


def drop_zone(
    *,
    accept: str,
    limit_mb: int,
    on_upload: Callable[[events.UploadEventArguments], Awaitable[None] | None],
    marker: str,
    kinds: str,
) -> ui.upload:
    zone = (
        ui.upload(auto_upload=True, max_file_size=limit_mb * 1024 * 1024, on_upload=on_upload)
        .props(f'accept="{accept}" flat bordered')
        .classes("w-full")
        .mark(marker)
    )
    title, hint = json.dumps(t("upload.drop_here")), json.dumps(t("upload.hint", kinds=kinds, limit_mb=limit_mb))
    zone.add_slot(
        "header",
        f"""
        <div class="row no-wrap items-center q-pa-md q-gutter-md cursor-pointer full-width" style="min-height: 5rem">
          <q-uploader-add-trigger />
          <q-icon name="cloud_upload" size="lg" color="primary" />
          <div class="col">
            <div class="text-subtitle1 text-weight-medium">{{{{ {title} }}}}</div>
            <div class="text-caption text-grey-7">{{{{ {hint} }}}}</div>
          </div>
          <q-spinner v-if="props.isUploading" color="primary" size="md" />
        </div>""",
    )
    zone.add_slot(
        "list",
        """
        <q-list dense>
          <q-item v-for="file in props.files" :key="file.__key" class="q-px-none">
            <q-item-section avatar><q-icon name="description" color="grey-7" /></q-item-section>
            <q-item-section>
              <q-item-label class="ellipsis">{{ file.name }}</q-item-label>
              <q-item-label caption>{{ file.__sizeLabel }}</q-item-label>
            </q-item-section>
            <q-item-section side>
              <q-circular-progress show-value :value="Math.round((file.__progress || 0) * 100)" size="2.5rem"
                                   color="primary" track-color="grey-3">{{ Math.round((file.__progress || 0) * 100) }}%</q-circular-progress>
            </q-item-section>
          </q-item>
        </q-list>""",
    )
    zone.on_rejected(lambda: ui.notify(t("upload.too_large", limit_mb=limit_mb), type="negative"))
    return zone


async def save_upload(e: events.UploadEventArguments, *, folder: Path, limit_mb: int) -> Path:
    """The uploaded file, copied to `folder` in chunks (413-style refusal over the limit)."""
    check_size(e.file.size(), limit_mb)
    path = uploads.new_path(folder, e.file.name)
    await e.file.save(path)
    return path
