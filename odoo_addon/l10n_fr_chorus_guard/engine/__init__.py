# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The Chorus Guard engine on the server (pure Python over wasmtime; no Odoo import)."""
from .wasm_engine import Engine, EngineError, get_engine  # noqa: F401
