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
from unittest.mock import patch

from odoo.tests import tagged

from .common import ChorusGuardSavepointCase

_logger = logging.getLogger("chorus_guard_bench")

ROUNDS = 5
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
        """ms and queries per invoice of posting ``moves`` with the wizard,
        and the ms per invoice spent in the guard's own work (its labels,
        the batch's context and the engine's checks)."""
        wizard = (
            self.env["validate.account.move"]
            .with_context(
                active_model="account.move",
                active_ids=moves.ids,
                chorus_guard_bypass=bypass,
            )
            .create({})
        )
        Move = type(self.env["account.move"])
        spent = []

        def timed(method):
            def wrapper(records, *args, **kwargs):
                start = time.perf_counter()
                try:
                    return method(records, *args, **kwargs)
                finally:
                    spent.append(time.perf_counter() - start)

            return wrapper

        self.env["account.move"].invalidate_cache()
        queries = self.env.cr.sql_log_count
        with patch.object(
            Move, "_chorus_guard_labels", timed(Move._chorus_guard_labels)
        ), patch.object(
            Move, "_chorus_guard_check_all", timed(Move._chorus_guard_check_all)
        ):
            start = time.perf_counter()
            wizard.validate_move()
            moves.flush()
            elapsed = time.perf_counter() - start
        count = len(moves)
        return (
            elapsed * 1000 / count,
            (self.env.cr.sql_log_count - queries) / count,
            sum(spent) * 1000 / count,
        )

    def test_post_entries_wizard(self):
        # One warm-up post: the engine is compiled and the caches are filled.
        self.post(self.make_batch(2), False)
        figures = {}
        for round_ in range(ROUNDS):
            for size in SIZES:
                # Each posting leaves its drafts behind: the order alternates
                # so that neither side always meets the larger table.
                order = (True, False) if round_ % 2 == 0 else (False, True)
                for bypass in order:
                    moves = self.make_batch(size)
                    with self.env.cr.savepoint():
                        result = self.post(moves, bypass)
                    figures.setdefault((size, bypass), []).append(result)
        for size in SIZES:
            alone = figures[(size, True)]
            guard = figures[(size, False)]

            def median(results, index):
                return statistics.median(r[index] for r in results)

            _logger.info(
                "post %3d invoices (ms, queries per invoice, medians of %d): "
                "without the guard %.1f ms %.1f q; with it %.1f ms %.1f q "
                "(%+.1f %%), of which the guard's own work %.2f ms = %.1f %% "
                "of posting",
                size,
                ROUNDS,
                median(alone, 0),
                median(alone, 1),
                median(guard, 0),
                median(guard, 1),
                100 * (median(guard, 0) - median(alone, 0)) / median(alone, 0),
                median(guard, 2),
                100 * median(guard, 2) / median(guard, 0),
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
        sample._post()
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
