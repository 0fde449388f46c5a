"""The print queue against a fake network printer (a TCP listener that parses the stream):
complete and in order, resume after the printer goes away, nothing printed or counted twice."""

from __future__ import annotations

import os
import stat

import pytest
from pyzbar import pyzbar
from sqlmodel import select

from tests.label_rows import make_shipments, number_for
from waybill_ui.db.models import PrintJob, Shipment
from waybill_ui.services.common.errors import Conflict, Invalid, NotFound
from waybill_ui.services.printing import printers, queue
from waybill_ui.services.printing.printers import PrinterInput


def add_network(db, owner, fake, *, language="tspl", mode="text", name="打包台", default=False):
    return printers.add(
        db,
        data=PrinterInput(
            name=name,
            kind="network",
            language=language,
            mode=mode,
            host="127.0.0.1",
            port=fake.port,
            is_default=default,
        ),
        actor=owner,
    )


def printed_counts(db, ids):
    with db.read() as session:
        return {s.id: s.printed_count for s in session.exec(select(Shipment).where(Shipment.id.in_(ids)))}


def barcode_of(label) -> str:
    # the barcode zone (11–30 mm) is enough for the reader and 5× faster than the page
    found = pyzbar.decode(label.image().crop((0, 80, 608, 250)))
    return found[0].data.decode() if found else ""


@pytest.mark.slow
@pytest.mark.parametrize("language, mode", [("tspl", "raster"), ("zpl", "raster"), ("tspl", "text")])
def test_1000_labels_in_one_job_arrive_complete_and_in_order_and_scan(db, owner, fake_printer, language, mode):
    fake = fake_printer(language)
    printer = add_network(db, owner, fake, language=language, mode=mode)
    ids = make_shipments(db, 1000)
    job = queue.submit(db, shipment_ids=ids, actor=owner, key="k-1000", printer_id=printer.id)
    seen = []
    done = queue.run(db, job_id=job.id, progress=lambda n, total: seen.append((n, total)))
    assert (done.status, done.confirmed, done.total, done.error) == ("printed", 1000, 1000, "")
    assert len(fake.labels) == 1000
    assert [barcode_of(label) for label in fake.labels] == [number_for("ZTO", i) for i in range(1, 1001)]
    assert seen[-1] == (1000, 1000) and len(seen) == 1000
    assert set(printed_counts(db, ids).values()) == {1}


def test_text_mode_job_sends_native_barcodes_in_order(db, owner, fake_printer):
    fake = fake_printer("tspl")
    printer = add_network(db, owner, fake)
    ids = make_shipments(db, 30)
    job = queue.run(db, job_id=queue.submit(db, shipment_ids=ids, actor=owner, key="t", printer_id=printer.id).id)
    assert job.status == "printed"
    assert [label.barcodes() for label in fake.labels] == [[number_for("ZTO", i)] for i in range(1, 31)]
    # drawn as the printer draws its native Code128, every one scans back
    assert [barcode_of(label) for label in fake.labels] == [number_for("ZTO", i) for i in range(1, 31)]
    assert all("张*  138****8000" in label.texts() for label in fake.labels)


def test_zpl_job_prints_raster_labels_that_scan(db, owner, fake_printer):
    fake = fake_printer("zpl")
    printer = add_network(db, owner, fake, language="zpl")
    assert printer.mode == "raster"  # ZPL is always raster: Chinese needs no printer font
    ids = make_shipments(db, 5)
    job = queue.run(db, job_id=queue.submit(db, shipment_ids=ids, actor=owner, key="z", printer_id=printer.id).id)
    assert job.status == "printed"
    assert [barcode_of(label) for label in fake.labels] == [number_for("ZTO", i) for i in range(1, 6)]


def test_a_printer_that_goes_away_stops_the_job_and_retry_resumes_without_duplicates(db, owner, fake_printer):
    fake = fake_printer("tspl", drop_after=12)
    printer = add_network(db, owner, fake)
    ids = make_shipments(db, 40)
    job = queue.submit(db, shipment_ids=ids, actor=owner, key="drop", printer_id=printer.id)
    failed = queue.run(db, job_id=job.id)
    assert failed.status == "failed" and failed.confirmed == 12
    assert "中途断开" in failed.error and "重试" in failed.error
    assert failed.label_errors[-1]["index"] == 13 and failed.label_errors[-1]["number"] == number_for("ZTO", 13)
    queue.require_retryable(failed)  # a failed job may be retried
    # the same key again gives back this job: nothing resent, nothing counted
    again = queue.submit(db, shipment_ids=ids, actor=owner, key="drop", printer_id=printer.id)
    assert again.id == job.id
    resumed = queue.run(db, job_id=job.id)
    assert (resumed.status, resumed.confirmed, resumed.attempts) == ("printed", 40, 2)
    numbers = [label.barcodes()[0] for label in fake.labels]
    assert numbers == [number_for("ZTO", i) for i in range(1, 41)]  # each once, in order
    assert set(printed_counts(db, ids).values()) == {1}  # the print was counted once
    assert "补打" not in "".join("".join(label.texts()) for label in fake.labels)


def test_printer_faults_are_said_in_plain_chinese(db, owner, fake_printer):
    fake = fake_printer("tspl", status=0x04)
    printer = add_network(db, owner, fake)
    ids = make_shipments(db, 3)
    job = queue.run(db, job_id=queue.submit(db, shipment_ids=ids, actor=owner, key="paper", printer_id=printer.id).id)
    assert job.status == "failed" and job.confirmed == 0
    assert "没纸了" in job.error and "重试" in job.error
    fake.status = 0  # paper loaded
    assert queue.run(db, job_id=job.id).status == "printed"
    assert len(fake.labels) == 4  # the first label came out before the printer reported the empty roll


def test_unreachable_printer(db, owner, fake_printer):
    fake = fake_printer("tspl")
    printer = add_network(db, owner, fake)
    fake.close()
    ids = make_shipments(db, 2)
    job = queue.run(db, job_id=queue.submit(db, shipment_ids=ids, actor=owner, key="gone", printer_id=printer.id).id)
    assert job.status == "failed" and "连不上打印机" in job.error


def test_a_printer_without_status_answers_still_prints(db, owner, fake_printer, monkeypatch):
    from waybill_ui.services.printing import transport

    monkeypatch.setattr(transport, "STATUS_TIMEOUT_S", 0.3)
    fake = fake_printer("tspl", silent=True)
    printer = add_network(db, owner, fake)
    ids = make_shipments(db, 5)

    def opener(host, port, language):
        return transport.NetworkPrinter(host, port, language, status_timeout=0.3)

    job = queue.run(
        db,
        job_id=queue.submit(db, shipment_ids=ids, actor=owner, key="s", printer_id=printer.id).id,
        open_printer=opener,
    )
    assert job.status == "printed"
    import time

    for _ in range(50):
        if len(fake.labels) == 5:
            break
        time.sleep(0.02)  # the listener thread parses what the socket already delivered
    assert len(fake.labels) == 5


def test_idempotency_key_and_default_printer(db, owner, staff, fake_printer):
    fake = fake_printer("tspl")
    ids = make_shipments(db, 2)
    with pytest.raises(Invalid, match="printer"):
        queue.submit(db, shipment_ids=ids, actor=owner, key="a")
    printer = add_network(db, owner, fake, default=True)
    first = queue.submit(db, shipment_ids=ids, actor=owner, key="a")
    assert first.printer_id == printer.id
    assert queue.submit(db, shipment_ids=ids, actor=owner, key="a").id == first.id
    assert set(printed_counts(db, ids).values()) == {1}
    with pytest.raises(Conflict):
        queue.submit(db, shipment_ids=ids, actor=staff, key="a")  # someone else's key
    second = queue.submit(db, shipment_ids=ids, actor=owner, key="b")  # a new print: a reprint, counted
    assert second.id != first.id and set(printed_counts(db, ids).values()) == {2}
    assert all(label["print_count"] == 2 for label in second.labels)


def test_staff_see_their_own_jobs_owner_all(db, owner, staff, fake_printer):
    fake = fake_printer("tspl")
    add_network(db, owner, fake, default=True)
    ids = make_shipments(db, 2)
    mine = queue.submit(db, shipment_ids=ids, actor=staff, key="s1")
    theirs = queue.submit(db, shipment_ids=ids, actor=owner, key="o1")
    assert [j.id for j in queue.list_jobs(db, actor=staff)[0]] == [mine.id]
    assert {j.id for j in queue.list_jobs(db, actor=owner)[0]} == {mine.id, theirs.id}
    with pytest.raises(NotFound):
        queue.get(db, job_id=theirs.id, actor=staff)
    with pytest.raises(NotFound):
        queue.run(db, job_id=theirs.id, actor=staff)


def test_a_job_runs_once_at_a_time_and_a_printed_job_is_not_resent(db, owner, fake_printer):
    fake = fake_printer("tspl")
    printer = add_network(db, owner, fake)
    ids = make_shipments(db, 3)
    job = queue.submit(db, shipment_ids=ids, actor=owner, key="once", printer_id=printer.id)
    assert queue.run(db, job_id=job.id).status == "printed"
    assert queue.run(db, job_id=job.id).status == "printed"  # claimed by nobody: nothing resent
    assert len(fake.labels) == 3
    with pytest.raises(Conflict, match="fully printed"):
        queue.require_retryable(queue.get(db, job_id=job.id, actor=owner))


def test_restart_marks_interrupted_jobs_failed_for_retry(db, owner, fake_printer):
    fake = fake_printer("tspl")
    printer = add_network(db, owner, fake)
    ids = make_shipments(db, 4)
    job = queue.submit(db, shipment_ids=ids, actor=owner, key="crash", printer_id=printer.id)
    with db.write() as session:  # as if the app died after two confirmed labels
        row = session.get(PrintJob, job.id)
        row.status, row.confirmed = "sending", 2
        session.add(row)
    assert queue.recover(db) == 1
    job = queue.run(db, job_id=job.id)
    assert job.status == "printed"
    assert [label.barcodes()[0] for label in fake.labels] == [number_for("ZTO", i) for i in (3, 4)]


def test_cups_queue_gets_raw_jobs_through_lp(db, owner, tmp_path, monkeypatch):
    spool = tmp_path / "spool"
    spool.mkdir()
    lp = tmp_path / "bin" / "lp"
    lp.parent.mkdir()
    lp.write_text(f'#!/bin/sh\nn=$(ls {spool} | wc -l)\necho "$@" > {spool}/$n.args\ncat > {spool}/$n.job\n')
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{lp.parent}{os.pathsep}{os.environ['PATH']}")
    printer = printers.add(
        db, data=PrinterInput(name="USB 佳博", kind="cups", language="tspl", queue="Gprinter_GP1324"), actor=owner
    )
    ids = make_shipments(db, 3)
    job = queue.run(db, job_id=queue.submit(db, shipment_ids=ids, actor=owner, key="c", printer_id=printer.id).id)
    assert job.status == "printed"
    jobs = sorted(spool.glob("*.job"))
    assert len(jobs) == 3
    assert "-d Gprinter_GP1324" in (spool / "0.args").read_text() and "-o raw" in (spool / "0.args").read_text()
    assert f'"{number_for("ZTO", 1)}"'.encode() in jobs[0].read_bytes()
    lp.write_text("#!/bin/sh\necho 'lp: The printer or class does not exist.' >&2\nexit 1\n")
    failed = queue.run(db, job_id=queue.submit(db, shipment_ids=ids, actor=owner, key="c2", printer_id=printer.id).id)
    assert failed.status == "failed" and "does not exist" in failed.error and "CUPS" in failed.error
