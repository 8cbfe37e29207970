# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The Chorus Guard engine on the Odoo server.

The engine is the project's Rust core compiled to one WebAssembly module with a plain
C ABI and no imports (``chorus_guard_server.wasm`` beside this file, built by
``npm run build``; the ABI is documented in ``src/wasi.rs``). It runs in the PyPI
package ``wasmtime``: 12.0.0 on Python 3.6/3.7, 13.0.2 to 25 on Python 3.8.

Pure Python, no ``odoo`` import: the addon turns :class:`EngineError` into a
``UserError`` (``message_fr`` is what the user reads).

Three things matter inside Odoo:

* Prefork workers cap their address space (``RLIMIT_AS`` = ``limit_memory_hard``,
  2560 MiB by default) and wasmtime reserves 4 GiB plus a 2 GiB guard per linear memory
  by default, so instantiating fails there. The module declares a maximum memory
  (``MAX_MEMORY``) and the wasmtime engine is told to reserve just that.
* Workers are forked: one engine per process (:func:`get_engine` keys its cache on the
  process id) and single-threaded compilation, so that no compiler thread pool is ever
  inherited across a fork.
* Threaded mode: calls are serialised by a lock (a wasmtime store is not thread-safe).

A panic inside the engine is a trap: the instance is thrown away, the next call gets a
fresh one, and the caller gets an :class:`EngineError` of kind ``panic``.
"""
import base64
import collections
import ctypes
import datetime
import decimal
import functools
import gc
import json
import os
import threading

__all__ = ["Engine", "EngineError", "get_engine", "ENGINE_PATH", "MAX_MEMORY", "MAX_INPUT"]

ENGINE_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "chorus_guard_server.wasm")

# The module's declared maximum linear memory (tests/tools/build-server-wasm.sh passes it
# to the linker; a test checks they agree). wasmtime reserves this much address space
# for the instance instead of its 6 GiB default. Small enough that a worker past
# Odoo's limit_memory_soft (2048 MiB) still has room for it under the hard limit.
MAX_MEMORY = 256 * 1024 * 1024
# Guard pages after the memory: small, wasmtime then checks bounds explicitly.
GUARD_SIZE = 64 * 1024
# Largest JSON request sent to the engine (a PDF of about 17 MiB, as base64). Embedding
# a PDF takes about 8 times its size in engine memory (the base64 text, its bytes, the
# parsed document, the new file, its base64): a request this large fits in MAX_MEMORY,
# and a test checks it does.
MAX_INPUT = 24 * 1024 * 1024

_WASM_PAGE = 65536
# The first byte of an answer that is a string result, not JSON (src/wasi.rs).
_TEXT = b"\x00"
# The input buffer grows in steps of this many bytes.
_INPUT_STEP = 65536
_U32 = 0xFFFFFFFF
_U64 = 0xFFFFFFFFFFFFFFFF


class EngineError(Exception):
    """An error of the engine or of its host, French first.

    ``kind`` is machine-readable: the engine's own (``json``, ``xml``, ``pdf``,
    ``input``, ``limit``...) or the host's (``missing``, ``wasmtime``, ``panic``).
    """

    def __init__(self, message_fr, message_en=None, kind="engine"):
        super(EngineError, self).__init__(message_fr)
        self.message_fr = message_fr
        self.message_en = message_en if message_en is not None else message_fr
        self.kind = kind

    def __str__(self):
        return self.message_fr


def _import_wasmtime():
    try:
        import wasmtime
    except ImportError as e:
        raise EngineError(
            "le paquet Python « wasmtime » n'est pas installé sur le serveur Odoo "
            "(pip install wasmtime) : {}".format(e),
            "the Python package `wasmtime` is not installed on the Odoo server "
            "(pip install wasmtime): {}".format(e),
            "missing",
        )
    return wasmtime


def _wasmtime_version(wasmtime):
    try:
        from importlib.metadata import version  # Python >= 3.8
    except ImportError:
        return getattr(wasmtime, "__version__", "?")
    try:
        return version("wasmtime")
    except Exception:
        return "?"


def _config_pointer(config):
    # wasmtime >= 14 wraps its pointers in `Managed` (`ptr()`); 12 keeps `_ptr`.
    pointer = getattr(config, "ptr", None)
    return pointer() if callable(pointer) else config._ptr


def _set(wasmtime, config, value, properties, functions):
    """Sets one wasmtime setting, whichever way this wasmtime version offers it: a
    Python property (newer wasmtime), else the C API function (12.0.0 to 25 expose the
    memory settings only there). Returns whether it was set."""
    for name in properties:
        if isinstance(getattr(type(config), name, None), property):
            setattr(config, name, value)
            return True
    from wasmtime import _ffi as ffi

    for name in functions:
        function = getattr(ffi, name, None)
        if function is not None:
            function(_config_pointer(config), value)
            return True
    return False


def make_config(wasmtime):
    """A wasmtime configuration that instantiates the module under Odoo's RLIMIT_AS."""
    config = wasmtime.Config()
    # No compiler thread pool: it would not survive Odoo's fork of its workers.
    config.parallel_compilation = False
    reservation = _set(
        wasmtime,
        config,
        MAX_MEMORY,
        ("memory_reservation", "static_memory_maximum_size"),
        (
            "wasmtime_config_memory_reservation_set",
            "wasmtime_config_static_memory_maximum_size_set",
        ),
    )
    guard = _set(
        wasmtime,
        config,
        GUARD_SIZE,
        ("memory_guard_size", "static_memory_guard_size"),
        ("wasmtime_config_memory_guard_size_set", "wasmtime_config_static_memory_guard_size_set"),
    )
    if not (reservation and guard):
        raise EngineError(
            "cette version de wasmtime ({}) ne permet pas de limiter la mémoire réservée : "
            "installez wasmtime 12.0.0 (Python 3.6/3.7) ou 13.0.2 à 25 (Python 3.8)".format(
                _wasmtime_version(wasmtime)
            ),
            "this wasmtime version ({}) cannot limit its memory reservation: install "
            "wasmtime 12.0.0 (Python 3.6/3.7) or 13.0.2 to 25 (Python 3.8)".format(
                _wasmtime_version(wasmtime)
            ),
            "wasmtime",
        )
    # Where they exist (not in 12.0.0); the module's memory is static anyway.
    _set(
        wasmtime,
        config,
        GUARD_SIZE,
        ("dynamic_memory_guard_size",),
        ("wasmtime_config_dynamic_memory_guard_size_set",),
    )
    _set(
        wasmtime,
        config,
        0,
        ("memory_reservation_for_growth", "dynamic_memory_reserved_for_growth"),
        (
            "wasmtime_config_memory_reservation_for_growth_set",
            "wasmtime_config_dynamic_memory_reserved_for_growth_set",
        ),
    )
    # Below a 4 GiB reservation wasmtime checks the bounds of every memory access, and
    # by default adds a Spectre guard to each check: about a fifth of a 1000-line check
    # or xml (BENCHMARKS.md). That guard keeps untrusted WebAssembly from reading the
    # host's memory speculatively; this module is the addon's own code, as trusted as a
    # native library (which has no such guard), so it goes. Where wasmtime-py cannot
    # set it (12.0.0), the checks keep their guard.
    _cranelift_flag(config, "enable_heap_access_spectre_mitigation", "false")
    return config


def _cranelift_flag(config, name, value):
    from wasmtime import _ffi as ffi

    function = getattr(ffi, "wasmtime_config_cranelift_flag_set", None)
    if function is not None:
        function(_config_pointer(config), name.encode("ascii"), value.encode("ascii"))


def _json_default(value):
    # Exact amounts cross as decimal strings; floats are left to the engine, which
    # refuses them with a message naming the amount.
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    raise TypeError("{!r} cannot be sent to the engine".format(type(value).__name__))


def _i32(value):
    """A wasm i32 argument from an unsigned 32-bit value."""
    value &= _U32
    return value - (1 << 32) if value >= (1 << 31) else value


class _Instance(object):
    """One instance of the module in its own store: thrown away after a trap.

    One operation is one call into the module (``cg_call``): the request goes into the
    module's input buffer, kept across calls and grown (``cg_input``) only when a
    request outgrows it, and the answer is read where the module left it.

    At one line, a whole ``check`` in the module takes some 12 µs: every crossing into
    C counts (each costs 0.2 µs or more), so a call makes three, the call itself and one
    to learn the memory's length, and copies bytes through a memoryview of the linear
    memory rather than through wasmtime-py's ``Memory`` methods."""

    def __init__(self, wasmtime, engine, module):
        self.store = wasmtime.Store(engine)
        instance = wasmtime.Instance(self.store, module, [])
        exports = instance.exports(self.store)
        self.memory = exports["memory"]
        self.cg_input = exports["cg_input"]
        self.cg_call = exports["cg_call"]
        self.last_panic_fn = exports["cg_last_panic"]
        # The input buffer: its offset, and the size the module was last asked for.
        self.buffer = 0
        self.capacity = 0
        # The linear memory's length when last asked, and a view of that many bytes.
        self.size = -1
        self.view = None
        # Not closures over self: a discarded instance must go at once, with its memory
        # reservation, not wait for the garbage collector.
        direct = _direct_api(wasmtime, self.store, self.memory, self.cg_call)
        if direct is not None:
            self._cg_call, self._data_len, self._data_address = direct
        else:
            self._cg_call = functools.partial(_checked_call, self.cg_call, self.store)
            self._data_len = functools.partial(self.memory.data_len, self.store)
            self._data_address = functools.partial(_data_address, self.memory, self.store)

    def _memory(self):
        """A view of the whole linear memory, asked for again after every call into the
        module. A memory moves only when it grows (and then its length changes), so
        while the length stays the same the last view is still the memory."""
        size = self._data_len()
        if size != self.size:
            whole = (ctypes.c_char * size).from_address(self._data_address())
            self.view = memoryview(whole).cast("B")
            self.size = size
        return self.view

    def reserve(self, needed):
        """Makes the input buffer hold ``needed`` bytes."""
        if needed <= self.capacity:
            return
        # In whole 64 KiB steps: a form that gains a line does not grow it on every call.
        capacity = -(-needed // _INPUT_STEP) * _INPUT_STEP
        # The old buffer is gone whatever the answer.
        self.capacity = 0
        ptr = self.cg_input(self.store, _i32(capacity)) & _U32
        if ptr == 0:
            raise EngineError(
                "mémoire du moteur épuisée ({} octets demandés)".format(needed),
                "engine out of memory ({} bytes asked)".format(needed),
                "limit",
            )
        if ptr + capacity > len(self._memory()):
            raise _Broken("tampon d'entrée hors de la mémoire / input buffer outside the memory")
        self.buffer, self.capacity = ptr, capacity

    def call(self, op, data):
        """One operation: ``op`` and ``data`` (bytes) in, the answer's bytes out."""
        op_len, data_len = len(op), len(data)
        self.reserve(op_len + data_len)
        # The view of the last call (or of `reserve`): nothing ran in the module since.
        view = self.view if self.view is not None else self._memory()
        start = self.buffer
        view[start : start + op_len] = op
        view[start + op_len : start + op_len + data_len] = data
        packed = self._cg_call(op_len, data_len) & _U64
        if packed == 0:
            raise EngineError(
                "mémoire du moteur épuisée (réponse)",
                "engine out of memory (answer)",
                "limit",
            )
        ptr, length = packed >> 32, packed & _U32
        view = self._memory()
        if ptr + length > len(view):
            raise _Broken("réponse hors de la mémoire / answer outside the memory")
        return view[ptr : ptr + length].tobytes()

    def last_panic(self):
        """The panic message a trapped instance left, or '' (never raises)."""
        try:
            packed = self.last_panic_fn(self.store) & _U64
            if not packed:
                return ""
            ptr, length = packed >> 32, packed & _U32
            return bytes(self.memory.read(self.store, ptr, ptr + length)).decode("utf-8", "replace")
        except Exception:  # the instance is being thrown away: its message is a bonus
            return ""


class _Broken(Exception):
    """The module answered with a place outside its own memory: thrown away as after a
    trap."""


def _checked_call(func, store, a, b):
    return func(store, _i32(a), _i32(b))


def _data_address(memory, store):
    return ctypes.addressof(memory.data_ptr(store).contents)


def _direct_api(wasmtime, store, memory, func):
    """``(call, data_len, data_address)``: ``func(a, b) -> i64`` and the memory's length
    and address, straight through wasmtime's C API (``wasmtime_func_call_unchecked``,
    which is what ``Func.__call__`` ends in; ``wasmtime_memory_data_size``,
    ``wasmtime_memory_data``), declared here with plain addresses for arguments.
    wasmtime-py's own wrappers convert and check every argument in Python first: for a
    one-line invoice they cost a third of the module's whole work. ``None`` when this
    wasmtime-py lacks what is needed or ``func`` is not ``(i32, i32) -> i64``: the caller
    then goes through the public methods."""
    try:
        from wasmtime import _ffi as ffi

        func_type = func.type(store)
        i32, i64 = wasmtime.ValType.i32(), wasmtime.ValType.i64()
        if list(func_type.params) != [i32, i32] or list(func_type.results) != [i64]:
            return None
        address = ctypes.c_void_p
        # wasmtime >= 14 makes the context a method; 12 keeps it as an attribute.
        context = store._context
        context = ctypes.cast(context() if callable(context) else context, address).value
        function = ctypes.addressof(func._func)
        memory_ref = ctypes.addressof(memory._memory)

        def c_function(name, result, *params):
            pointer = ctypes.cast(getattr(ffi.dll, name), address).value
            return ctypes.CFUNCTYPE(result, *params)(pointer)

        call_unchecked = c_function(
            "wasmtime_func_call_unchecked", address, address, address, address, ctypes.c_size_t,
            address,
        )
        data_size = c_function("wasmtime_memory_data_size", ctypes.c_size_t, address, address)
        data = c_function("wasmtime_memory_data", ctypes.c_size_t, address, address)
        trap_type = ctypes.POINTER(ffi.wasm_trap_t)
        error_type = ctypes.POINTER(ffi.wasmtime_error_t)
        trap_error = wasmtime.Trap._from_ptr
        error_of = wasmtime.WasmtimeError._from_ptr
        # Arguments in, the result out, in the same two slots; where a trap is written.
        values = (ffi.wasmtime_val_raw_t * 2)()
    except Exception:  # an older or newer wasmtime-py: the public methods are used
        return None
    first, second = values[0], values[1]
    values_address = ctypes.addressof(values)
    trap = address()
    trap_address = ctypes.addressof(trap)

    def call(a, b):
        first.i32 = a
        second.i32 = b
        trap.value = None
        error = call_unchecked(context, function, values_address, 2, trap_address)
        if error:
            raise error_of(ctypes.cast(error, error_type))
        if trap.value:
            raise trap_error(ctypes.cast(trap.value, trap_type))
        return first.i64

    # What the addresses point into must outlive every call made with them.
    call.owners = (store, func, memory, values, trap)
    return (
        call,
        functools.partial(data_size, context, memory_ref),
        functools.partial(data, context, memory_ref),
    )


class Engine(object):
    """The engine: compiled once per process, instantiated again after a trap."""

    def __init__(self, path=None):
        self.path = path or ENGINE_PATH
        if not os.path.isfile(self.path):
            raise EngineError(
                "moteur Chorus Guard introuvable ({}) : lancez « npm run build »".format(
                    self.path
                ),
                "Chorus Guard engine not found ({}): run `npm run build`".format(self.path),
                "missing",
            )
        self._wasmtime = _import_wasmtime()
        self._lock = threading.RLock()
        try:
            self._engine = self._wasmtime.Engine(make_config(self._wasmtime))
            self.module = self._wasmtime.Module.from_file(self._engine, self.path)
        except EngineError:
            raise
        except Exception as e:
            raise EngineError(
                "le moteur Chorus Guard ne se charge pas : {}".format(e),
                "the Chorus Guard engine does not load: {}".format(e),
                "wasmtime",
            )
        self._instance = None
        self.instances_made = 0

    # -- the operations ---------------------------------------------------------------

    def check(self, payload):
        """Diagnostics of a form state or an invoice (dict or JSON text), blocking first."""
        return self._call("check", _with_input(payload))

    def xml(self, payload, profile=None):
        """The Factur-X (CII) XML of a form state or an invoice."""
        return self._call("xml", _with_input(payload, profile=profile))

    def to_invoice(self, payload, completed=False):
        """The invoice (EN 16931 model, amounts as strings) a form state maps to;
        ``completed`` fills the derived amounts the way the XML writer does."""
        return self._call("to_invoice", _with_input(payload, completed=bool(completed) or None))

    def read(self, xml):
        """The invoice a Factur-X / CII XML holds."""
        return self._call("read", {"xml": _text(xml, "xml")})

    def pdf(self, pdf_bytes, xml):
        """The Factur-X PDF/A-3: ``xml`` embedded as factur-x.xml into ``pdf_bytes``."""
        encoded = base64.b64encode(_bytes(pdf_bytes, "pdf_bytes")).decode("ascii")
        answer = self._call("pdf", {"pdf": encoded, "xml": _text(xml, "xml")})
        return base64.b64decode(answer)

    def extract(self, pdf_bytes):
        """The factur-x.xml (or ZUGFeRD XML) embedded in a PDF."""
        encoded = base64.b64encode(_bytes(pdf_bytes, "pdf_bytes")).decode("ascii")
        return self._call("extract", {"pdf": encoded})

    def explain(self, text):
        """A Chorus Pro rejection text explained: ``{case, field, steps_fr, steps_en, rule}``."""
        return self._call("explain", {"text": _text(text, "text")})

    def fingerprint(self, xml):
        """SHA-256 hex of the XML: what the invoice stores as the file last sent."""
        return self._call("fingerprint", {"xml": _text(xml, "xml")})

    def version(self):
        return self._call("version", {})

    def selftest_panic(self):
        """Makes the engine panic: raises EngineError(kind='panic'); the next call works."""
        return self._call("selftest_panic", {})

    # -- the host side ----------------------------------------------------------------

    def _call(self, op, args):
        data = json.dumps(args, ensure_ascii=False, separators=(",", ":"), default=_json_default)
        data = data.encode("utf-8")
        if len(data) > MAX_INPUT:
            raise EngineError(
                "données trop volumineuses pour le moteur ({} Mo, maximum {} Mo)".format(
                    len(data) // 2 ** 20, MAX_INPUT // 2 ** 20
                ),
                "data too large for the engine ({} MiB, maximum {} MiB)".format(
                    len(data) // 2 ** 20, MAX_INPUT // 2 ** 20
                ),
                "limit",
            )
        with self._lock:
            instance = self._instance or self._instantiate()
            trapped = None
            try:
                raw = instance.call(op.encode("utf-8"), data)
            except (self._wasmtime.Trap, self._wasmtime.WasmtimeError, _Broken) as e:
                trapped = instance.last_panic() or str(e)
            if trapped is not None:
                # Raised out here, with no reference left to the trapped instance (an
                # exception's traceback would keep it, and its memory reservation,
                # until the garbage collector runs): the next instance needs the room.
                self._instance = instance = None
                raise _panic_error(trapped)
        if raw[:1] == _TEXT:
            # A string result, as it is: no JSON escaping to undo.
            return str(memoryview(raw)[1:], "utf-8")
        answer = json.loads(raw.decode("utf-8"))
        error = answer.get("error")
        if error is not None:
            raise EngineError(
                error.get("message_fr"), error.get("message_en"), error.get("kind", "engine")
            )
        return answer.get("ok")

    def _instantiate(self):
        self._instance = None
        error = None
        for _ in range(2):
            try:
                self._instance = _Instance(self._wasmtime, self._engine, self.module)
                break
            except Exception as e:
                error = str(e)
            # A discarded instance some caller still holds in a reference cycle keeps
            # its address space until collected: collect, then try once more.
            gc.collect()
        if self._instance is None:
            raise EngineError(
                "le moteur Chorus Guard ne démarre pas : {}".format(error),
                "the Chorus Guard engine does not start: {}".format(error),
                "wasmtime",
            )
        self.instances_made += 1
        return self._instance


def _panic_error(message):
    text = " ".join(message.split())
    return EngineError(
        "erreur interne du moteur Chorus Guard (il a été réinitialisé) : {}".format(text),
        "Chorus Guard engine internal error (it was reset): {}".format(text),
        "panic",
    )


def _with_input(payload, **others):
    """The arguments of an operation on a form or an invoice: the ones that are set first,
    ``input`` last. An unset one is left out (the engine reads a missing argument as
    null or false), so that the usual request is ``{"input":…}`` alone, which the engine
    reads in one pass instead of two (``input_only`` in src/wasi.rs)."""
    args = collections.OrderedDict((k, v) for k, v in sorted(others.items()) if v is not None)
    args["input"] = _payload(payload)
    return args


def _payload(payload):
    if isinstance(payload, (bytes, bytearray, str)):
        try:
            # Decoding inside the try: bad UTF-8 is a ValueError too. A JSON nested
            # deeper than Python's recursion limit is refused, not a RecursionError.
            text = _text(payload, "JSON")
            return json.loads(text)
        except RecursionError:
            raise EngineError(
                "JSON illisible : imbrication trop profonde",
                "unreadable JSON: nested too deeply",
                "json",
            )
        except ValueError as e:
            raise EngineError(
                "JSON illisible : {}".format(e), "unreadable JSON: {}".format(e), "json"
            )
    if isinstance(payload, dict):
        return payload
    raise EngineError(
        "entrée du moteur : un dict (formulaire ou facture) est attendu, pas {}".format(
            type(payload).__name__
        ),
        "engine input: a dict (form or invoice) is expected, not {}".format(
            type(payload).__name__
        ),
        "input",
    )


def _text(value, name):
    if isinstance(value, (bytes, bytearray)):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError as e:
            raise EngineError(
                "« {} » n'est pas en UTF-8 (octet {})".format(name, e.start),
                "`{}` is not UTF-8 (byte {})".format(name, e.start),
                "input",
            )
    if isinstance(value, str):
        return value
    raise EngineError(
        "« {} » doit être une chaîne de caractères".format(name),
        "`{}` must be a string".format(name),
        "input",
    )


def _bytes(value, name):
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise EngineError(
        "« {} » doit être des octets (le contenu du PDF)".format(name),
        "`{}` must be bytes (the PDF's content)".format(name),
        "input",
    )


_cache_lock = threading.Lock()
_cache = {}
# Engines inherited from a parent process through fork: kept, never used nor freed
# here, since their native state belongs to the parent.
_inherited = []


def _forget_parent_engines():
    # A lock another thread held at the fork would stay locked forever in the child.
    global _cache_lock
    _cache_lock = threading.Lock()
    _inherited.extend(_cache.values())
    _cache.clear()


if hasattr(os, "register_at_fork"):  # Python >= 3.7; get_engine's pid check covers 3.6
    os.register_at_fork(after_in_child=_forget_parent_engines)


def get_engine():
    """The process's engine, made on first use. Odoo's prefork workers each get their
    own (the cache is keyed on the process id); threads share it, calls are locked."""
    pid = os.getpid()
    with _cache_lock:
        engine = _cache.get(pid)
        if engine is None:
            _inherited.extend(_cache.values())
            _cache.clear()
            engine = _cache[pid] = Engine()
        return engine
