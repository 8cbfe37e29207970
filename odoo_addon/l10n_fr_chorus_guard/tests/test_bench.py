# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmarks in a real Odoo, outside the normal runs (tagged ``-standard``):

    odoo-bin ... --test-tags chorus_guard_bench --stop-after-init

- posting 1, 10 and 100 Chorus invoices (3 lines each) through the Post
  entries wizard, with the guard and without it (``chorus_guard_bypass``:
  OCA and Odoo alone), in interleaved rounds: ms and queries per invoice,
  medians;
- the « To Resend » filter on 10 000 sent invoices.

The figures are logged (``chorus_guard_bench``) and go to BENCHMARKS.md."""

import logging
import statistics
import time

from odoo.tests import tagged

from .common import ChorusGuardSavepointCase

_logger = logging.getLogger("chorus_guard_bench")

ROUNDS = 3
SIZES = (1, 10, 100)
FILTER_SIZE = 10000


@tagged("chorus_guard_bench", "-standard", "-at_install", "post_install")
class TestBench(ChorusGuardSavepointCase):
    def make_batch(self, count):
        lines = [
            (
                0,
                0,
                {
                    "name": "Prestation %d" % index,
                    "quantity": 1.0 + index,
                    "price_unit": 100.0 * (index + 1),
                    "tax_ids": [(6, 0, self.tax.ids)],
                },
            )
            for index in range(3)
        ]
        moves = self.env["account.move"]
        for _index in range(count):
            moves |= self.make_invoice(invoice_line_ids=lines)
        moves.flush()
        self.env["account.move"].invalidate_cache()
        return moves

    def post(self, moves, bypass):
        wizard = (
            self.env["validate.account.move"]
            .with_context(
                active_model="account.move",
                active_ids=moves.ids,
                chorus_guard_bypass=bypass,
            )
            .create({})
        )
        self.env["account.move"].invalidate_cache()
        queries = self.env.cr.sql_log_count
        start = time.perf_counter()
        wizard.validate_move()
        moves.flush()
        elapsed = time.perf_counter() - start
        return elapsed * 1000 / len(moves), (
            self.env.cr.sql_log_count - queries
        ) / len(moves)

    def test_post_entries_wizard(self):
        # One warm-up post: the engine is compiled and the caches are filled.
        self.post(self.make_batch(2), False)
        figures = {}
        for _round in range(ROUNDS):
            for size in SIZES:
                for bypass in (True, False):
                    moves = self.make_batch(size)
                    with self.env.cr.savepoint():
                        result = self.post(moves, bypass)
                    figures.setdefault((size, bypass), []).append(result)
        for size in SIZES:
            alone = figures[(size, True)]
            guard = figures[(size, False)]
            ms_alone = statistics.median(r[0] for r in alone)
            ms_guard = statistics.median(r[0] for r in guard)
            _logger.info(
                "post %3d invoices: without the guard %.1f ms %.1f queries / "
                "invoice; with it %.1f ms %.1f queries / invoice; guard %+.1f %%",
                size,
                ms_alone,
                statistics.median(r[1] for r in alone),
                ms_guard,
                statistics.median(r[1] for r in guard),
                100 * (ms_guard - ms_alone) / ms_alone,
            )

    def test_to_resend_filter_on_ten_thousand_invoices(self):
        invoice = self.make_invoice()
        invoice.action_post()
        cr = self.env.cr
        cr.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'account_move' AND column_name NOT IN "
            "('id', 'name', 'chorus_guard_sent_fingerprint', "
            "'chorus_guard_current_fingerprint', 'chorus_guard_to_resend')"
        )
        columns = ", ".join('"%s"' % row[0] for row in cr.fetchall())
        # Copies of the posted invoice, sent, one in ten changed since.
        cr.execute(
            "INSERT INTO account_move (name, chorus_guard_sent_fingerprint, "
            "chorus_guard_current_fingerprint, chorus_guard_to_resend, {cols}) "
            "SELECT name || '-' || g, md5(g::text), "
            "CASE WHEN g %% 10 = 0 THEN md5((g + 1)::text) ELSE md5(g::text) END, "
            "g %% 10 = 0, {cols} FROM account_move, generate_series(1, %s) g "
            "WHERE account_move.id = %s".format(cols=columns),
            [FILTER_SIZE, invoice.id],
        )
        cr.execute("ANALYZE account_move")
        Move = self.env["account.move"]
        timings, counts = [], []
        for _round in range(5):
            self.env["account.move"].invalidate_cache()
            queries = cr.sql_log_count
            start = time.perf_counter()
            found = Move.search([("chorus_guard_to_resend", "=", True)])
            timings.append((time.perf_counter() - start) * 1000)
            counts.append(cr.sql_log_count - queries)
        self.assertEqual(len(found), FILTER_SIZE // 10)
        cr.execute(
            "EXPLAIN ANALYZE SELECT id FROM account_move "
            "WHERE chorus_guard_to_resend IS TRUE"
        )
        plan = " | ".join(row[0] for row in cr.fetchall())
        _logger.info(
            "filter « To Resend » on %d sent invoices: %.2f ms (median of 5), "
            "%d queries; plan: %s",
            FILTER_SIZE,
            statistics.median(timings),
            max(counts),
            plan,
        )
        # Before: the XML of every sent invoice was rebuilt at each search.
        sample = self.make_batch(20)
        sample.action_post()
        forms_start = time.perf_counter()
        engine = sample._chorus_guard_engine()
        for move in sample:
            engine.xml(move._chorus_guard_form_state())
        per_invoice = (time.perf_counter() - forms_start) * 1000 / len(sample)
        _logger.info(
            "before (rebuild every sent invoice's XML at each search): %.2f ms per "
            "invoice, so about %.0f ms for %d invoices",
            per_invoice,
            per_invoice * FILTER_SIZE,
            FILTER_SIZE,
        )
