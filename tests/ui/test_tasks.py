"""The task runner's two lanes: writes one after another on the one writer thread, in
the order asked; reads beside them, so a long read never holds a write up."""

from __future__ import annotations

import threading
import time

from followup_desktop.ui.tasks import TaskRunner


def test_writes_run_in_order_on_one_thread_and_reads_do_not_wait_for_them(qtbot) -> None:  # type: ignore[no-untyped-def]
    tasks = TaskRunner(max_threads=2)
    order: list[int] = []
    threads: set[int] = set()
    release = threading.Event()
    read_done = threading.Event()

    def write(number: int) -> None:
        if number == 0:
            release.wait(5)  # the first write is slow: the rest queue behind it
        threads.add(threading.get_ident())
        order.append(number)

    for number in range(20):
        tasks.write(lambda n=number: write(n), lambda _: None, lambda *_: None)
    # A read asked after the writes runs at once, beside the slow write.
    tasks.run(read_done.set, lambda _: None, lambda *_: None)
    assert read_done.wait(5) and order == []
    release.set()
    assert tasks.wait()
    assert order == list(range(20)) and len(threads) == 1


def test_a_write_waits_for_the_write_before_it_not_for_reads(qtbot) -> None:  # type: ignore[no-untyped-def]
    tasks = TaskRunner(max_threads=2)
    seen: list[str] = []
    tasks.run(lambda: time.sleep(0.5) or seen.append("long read"), lambda _: None, lambda *_: None)
    tasks.write(lambda: seen.append("write"), lambda _: None, lambda *_: None)
    assert tasks.wait()
    assert seen == ["write", "long read"]


def test_a_finished_task_leaves_nothing_behind(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A rep's day runs thousands of tasks (every page, count and search): what each one
    needed to hand its result back is freed once it has, also after a failure."""
    import gc
    import weakref

    from PySide6.QtCore import QCoreApplication, QEvent

    tasks = TaskRunner(max_threads=2)
    results: list[int] = []
    left: list[weakref.ref[object]] = []

    def boom() -> int:
        raise ValueError("no")

    class Payload:
        pass

    for number in range(200):
        work = (lambda n=number: n) if number % 10 else boom
        payload = Payload()  # reachable only through the task's callbacks
        left.append(weakref.ref(payload))
        tasks.run(work, lambda r, p=payload: results.append(r), lambda *_, p=payload: None)
    del payload
    qtbot.waitUntil(tasks.idle, timeout=10_000)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    assert len(results) == 180
    assert sum(ref() is not None for ref in left) == 0, "every task's callbacks were let go"
