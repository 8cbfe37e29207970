# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The Chorus Guard engine on the Odoo server.

The engine is the project's Rust core compiled to one WebAssembly module with a plain
C ABI and no imports (``chorus_guard_server.wasm`` beside this file, built by
``npm run build``; the ABI is documented in ``src/hosts/server.rs``). It runs in the PyPI
package ``wasmtime``: 12.0.0 on Python 3.6/3.7, 13.0.2 to 25 on Python 3.8, through
wasmtime-py's public API (one exception, the memory reservation: see
:func:`make_config`).

Pure Python, no ``odoo`` import: the addon turns :class:`EngineError` into a
``UserError`` (``message_fr`` is what the user reads), and names the directory where
the compiled module is cached (``cache_dir``: Odoo's data dir).

Four things matter inside Odoo:

* Prefork workers cap their address space (``RLIMIT_AS`` = ``limit_memory_hard``,
  2560 MiB by default) and wasmtime reserves 4 GiB plus a 2 GiB guard per linear memory
  by default, so instantiating fails there. The module declares a maximum memory
  (``MAX_MEMORY``) and the wasmtime engine is told to reserve just that.
* Each worker would compile the module on its first Chorus post (some 1.4 s): the
  compiled module is cached on disk (:class:`ModuleCache`), so a fresh worker loads it
  in milliseconds.
* Workers are forked: one engine per process (:func:`get_engine` keys its cache on the
  process id) and single-threaded compilation, so that no compiler thread pool is ever
  inherited across a fork.
* Threaded mode: calls are serialised by a lock (a wasmtime store is not thread-safe).

A panic inside the engine is a trap: the instance is thrown away, the next call gets a
fresh one, and the caller gets an :class:`EngineError` of kind ``panic``.
"""
import base64
import collections
import datetime
import decimal
import gc
import glob
import hashlib
import json
import os
import platform
import tempfile
import threading

__all__ = [
    "Engine",
    "EngineError",
    "ModuleCache",
    "get_engine",
    "ENGINE_PATH",
    "MAX_MEMORY",
    "MAX_INPUT",
]

ENGINE_PATH = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "chorus_guard_server.wasm"
)

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

# The first byte of an answer that is a string result, not JSON (src/hosts/server.rs).
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
    """The installed wasmtime-py's version, '?' when no metadata says it."""
    try:
        from importlib.metadata import version  # Python >= 3.8
    except ImportError:
        try:
            import pkg_resources  # Python 3.6/3.7: setuptools is there with pip

            return pkg_resources.get_distribution("wasmtime").version
        except Exception:
            return getattr(wasmtime, "__version__", "?")
    try:
        return version("wasmtime")
    except Exception:
        return "?"


def _wasmtime_build(wasmtime):
    """What identifies the installed wasmtime for the compiled-module cache: its
    distribution's name (``wasmtime-25.0.0.dist-info``) and the size and time of its
    native library. Cheaper than :func:`_wasmtime_version` (``importlib.metadata`` alone
    takes tens of milliseconds to import), and wasmtime refuses a module serialized by
    another version anyway."""
    package = os.path.dirname(os.path.abspath(wasmtime.__file__))
    parts = sorted(
        os.path.basename(path)
        for path in glob.glob(
            os.path.join(os.path.dirname(package), "wasmtime-*.*-info")
        )
    )
    for directory, _, files in os.walk(package):
        for name in sorted(files):
            if name.endswith((".so", ".dylib", ".dll")):
                status = os.stat(os.path.join(directory, name))
                parts.append(
                    "{}:{}:{}".format(name, status.st_size, int(status.st_mtime))
                )
    return " ".join(parts)


def _limit_reservation(wasmtime, config):
    """Tells wasmtime to reserve ``MAX_MEMORY`` plus a ``GUARD_SIZE`` guard for the
    module's memory instead of 6 GiB. Returns whether it could.

    The one place the shim goes below wasmtime-py's public API: no wasmtime-py from
    12.0.0 to 25 has a Python property for these settings, and without them no Odoo
    prefork worker can instantiate the module at all (``RLIMIT_AS``; a test shows it).
    They are wasmtime's documented C API (``wasmtime/config.h``), called through the
    library wasmtime-py already loaded; setting them changes no other behaviour."""
    try:
        from wasmtime import _ffi as ffi

        # wasmtime-py >= 14 wraps its pointers (`ptr()`); 12 and 13 keep `_ptr`.
        pointer = getattr(config, "ptr", None)
        pointer = pointer() if callable(pointer) else config._ptr
    except Exception:
        return False
    done = set()
    for setting, value, names in (
        (
            "reservation",
            MAX_MEMORY,
            (
                "wasmtime_config_memory_reservation_set",
                "wasmtime_config_static_memory_maximum_size_set",
            ),
        ),
        (
            "guard",
            GUARD_SIZE,
            (
                "wasmtime_config_memory_guard_size_set",
                "wasmtime_config_static_memory_guard_size_set",
            ),
        ),
        # The module's memory is static with the two above; where these exist (not in
        # 12.0.0) they keep a dynamic one from reserving 2 GiB to grow into.
        (
            "dynamic guard",
            GUARD_SIZE,
            ("wasmtime_config_dynamic_memory_guard_size_set",),
        ),
        (
            "growth",
            0,
            (
                "wasmtime_config_memory_reservation_for_growth_set",
                "wasmtime_config_dynamic_memory_reserved_for_growth_set",
            ),
        ),
    ):
        for name in names:
            function = getattr(ffi, name, None)
            if function is not None:
                function(pointer, value)
                done.add(setting)
                break
    return {"reservation", "guard"} <= done


def make_config(wasmtime):
    """A wasmtime configuration that instantiates the module under Odoo's RLIMIT_AS.

    wasmtime's Spectre guard on memory bounds checks stays on (its default). Turning it
    off made a 1000-line check some 20 % faster, but a server call is tens of
    microseconds at Confirm and Send, where Odoo's own ``action_post`` takes about
    50 ms (BENCHMARKS.md): nothing an accountant could notice, and it would take one
    more call below wasmtime-py's public API to weaken a guard."""
    config = wasmtime.Config()
    # No compiler thread pool: it would not survive Odoo's fork of its workers.
    config.parallel_compilation = False
    if not _limit_reservation(wasmtime, config):
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
    return config


# What of the configuration above changes the compiled code: part of the cache key.
_CODEGEN = "reservation={} guard={} growth=0".format(MAX_MEMORY, GUARD_SIZE)


class ModuleCache(object):
    """The compiled module on disk, so that each Odoo worker loads it (a fraction of a
    millisecond: wasmtime maps the file) instead of compiling it (some 1.4 s).

    One file per (engine bytes, wasmtime build, configuration, machine): the key
    starts its name. wasmtime runs the machine code of a file it deserializes, so a
    file is used only if its name ends with the SHA-256 of its content, checked before
    wasmtime sees it; a damaged or foreign file is deleted and the module compiled and
    written again. Writers go through a temporary file and ``os.replace``: concurrent
    workers each write a whole file (the same bytes, under the same name: compiling is
    deterministic), and a reader never sees half of one. Between the check and
    wasmtime's mapping the file can only be replaced by that same file."""

    PREFIX = "chorus_guard_server-"
    SUFFIX = ".cwasm"

    def __init__(self, directory):
        self.directory = directory

    def key(self, wasm_bytes, wasmtime_build):
        return hashlib.sha256(
            "|".join(
                (
                    hashlib.sha256(wasm_bytes).hexdigest(),
                    wasmtime_build,
                    _CODEGEN,
                    platform.machine(),
                )
            ).encode("utf-8")
        ).hexdigest()[:32]

    def find(self, key):
        """The path of a whole file of ours for ``key``, or None. Files of that key
        whose content does not match their name are deleted."""
        start = "{}{}-".format(self.PREFIX, key)
        try:
            names = sorted(os.listdir(self.directory))
        except OSError:
            return None
        for name in names:
            if not (name.startswith(start) and name.endswith(self.SUFFIX)):
                continue
            path = os.path.join(self.directory, name)
            if _sha256_of_file(path) == name[len(start) : -len(self.SUFFIX)]:
                return path
            self.discard(path)
        return None

    def store(self, key, payload):
        """Writes the serialized module; its path, or None when the directory cannot be
        written (then there is no cache, and no error)."""
        name = "{}{}-{}{}".format(
            self.PREFIX, key, hashlib.sha256(payload).hexdigest(), self.SUFFIX
        )
        try:
            _private_directory(self.directory)
            handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=self.directory)
        except OSError:
            return None
        try:
            with os.fdopen(handle, "wb") as f:
                f.write(payload)
            path = os.path.join(self.directory, name)
            os.replace(temporary, path)
            return path
        except OSError:
            self.discard(temporary)
            return None

    @staticmethod
    def discard(path):
        try:
            os.unlink(path)
        except OSError:
            pass


def _sha256_of_file(path):
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def _private_directory(directory):
    """Creates ``directory`` (mode 0700) if needed and refuses one another user could
    write into: its files are run as machine code."""
    os.makedirs(directory, mode=0o700, exist_ok=True)
    status = os.stat(directory)
    if hasattr(os, "getuid") and (
        status.st_uid != os.getuid() or status.st_mode & 0o022
    ):
        raise OSError("{} is not this user's private directory".format(directory))


def default_cache_dir():
    """Where the compiled module goes when the caller names no directory:
    ``CHORUS_GUARD_CACHE_DIR``, else a directory of this user's in the temporary
    directory."""
    named = os.environ.get("CHORUS_GUARD_CACHE_DIR")
    if named:
        return named
    user = os.getuid() if hasattr(os, "getuid") else "user"
    return os.path.join(tempfile.gettempdir(), "chorus_guard-{}".format(user))


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

    The request goes into the module's input buffer, kept across calls and grown
    (``cg_input``) only when a request outgrows it; one ``cg_call`` runs the operation,
    and the answer is read where the module left it."""

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
        if ptr + capacity > self.memory.data_len(self.store):
            raise _Broken(
                "tampon d'entrée hors de la mémoire / input buffer outside the memory"
            )
        self.buffer, self.capacity = ptr, capacity

    def call(self, op, data):
        """One operation: ``op`` and ``data`` (bytes) in, the answer's bytes out."""
        self.reserve(len(op) + len(data))
        self.memory.write(self.store, op + data, self.buffer)
        packed = self.cg_call(self.store, _i32(len(op)), _i32(len(data))) & _U64
        if packed == 0:
            raise EngineError(
                "mémoire du moteur épuisée (réponse)",
                "engine out of memory (answer)",
                "limit",
            )
        return self._read(packed)

    def _read(self, packed):
        ptr, length = packed >> 32, packed & _U32
        if ptr + length > self.memory.data_len(self.store):
            raise _Broken("réponse hors de la mémoire / answer outside the memory")
        return bytes(self.memory.read(self.store, ptr, ptr + length))

    def last_panic(self):
        """The panic message a trapped instance left, or '' (never raises)."""
        try:
            packed = self.last_panic_fn(self.store) & _U64
            return self._read(packed).decode("utf-8", "replace") if packed else ""
        except Exception:  # the instance is being thrown away: its message is a bonus
            return ""


class _Broken(Exception):
    """The module answered with a place outside its own memory: thrown away as after a
    trap."""


class Engine(object):
    """The engine: compiled once per process (or loaded from ``cache_dir``, where it is
    compiled once per machine), instantiated again after a trap.

    ``cache_dir``: where the compiled module is kept; ``None`` for
    :func:`default_cache_dir`, ``False`` for no cache. ``cache_status`` says what
    happened: ``hit``, ``miss`` (compiled, then written), ``unwritable`` (compiled,
    not written) or ``off``."""

    def __init__(self, path=None, cache_dir=None):
        self.path = path or ENGINE_PATH
        if not os.path.isfile(self.path):
            raise EngineError(
                "moteur Chorus Guard introuvable ({}) : lancez « npm run build »".format(
                    self.path
                ),
                "Chorus Guard engine not found ({}): run `npm run build`".format(
                    self.path
                ),
                "missing",
            )
        self._wasmtime = _import_wasmtime()
        self._lock = threading.RLock()
        if cache_dir is None:
            cache_dir = default_cache_dir()
        try:
            self._engine = self._wasmtime.Engine(make_config(self._wasmtime))
            self.module = self._load(cache_dir)
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

    def _load(self, cache_dir):
        with open(self.path, "rb") as f:
            wasm = f.read()
        self.cache_path = None
        if cache_dir is False:
            self.cache_status = "off"
            return self._wasmtime.Module(self._engine, wasm)
        cache = ModuleCache(cache_dir)
        key = cache.key(wasm, _wasmtime_build(self._wasmtime))
        path = cache.find(key)
        if path is not None:
            try:
                module = self._wasmtime.Module.deserialize_file(self._engine, path)
                self.cache_status, self.cache_path = "hit", path
                return module
            except Exception:  # not for this wasmtime or configuration after all
                cache.discard(path)
        module = self._wasmtime.Module(self._engine, wasm)
        self.cache_path = cache.store(key, bytes(module.serialize()))
        self.cache_status = "miss" if self.cache_path else "unwritable"
        return module

    # -- the operations ---------------------------------------------------------------

    def check(self, payload):
        """Diagnostics of a form state or an invoice (dict or JSON text), blocking first."""
        return self._call("check", _with_input(payload))

    def xml(self, payload, profile=None):
        """The Factur-X (CII) XML of a form state or an invoice."""
        return self._call("xml", _with_input(payload, profile=profile))

    def check_and_xml(self, payload, profile=None):
        """``check`` and ``xml`` of one input, read once and its XML written once:
        ``{"diagnostics": [...], "xml": str or None, "xml_error": None or {kind,
        message_fr, message_en}}``. A form whose ``last_sent_fingerprint`` is set gets
        CHORUS-STALE when its XML is not the file sent."""
        return self._call("check_and_xml", _with_input(payload, profile=profile))

    def to_invoice(self, payload, completed=False):
        """The invoice (EN 16931 model, amounts as strings) a form state maps to;
        ``completed`` fills the derived amounts the way the XML writer does."""
        return self._call(
            "to_invoice", _with_input(payload, completed=bool(completed) or None)
        )

    # Not an Odoo model's read(): pylint-odoo's check takes every `read` for one.
    def read(self, xml):  # pylint: disable=method-required-super
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
        """A Chorus Pro rejection text explained:
        ``{case, field, steps_fr, steps_en, rule}``."""
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
        data = json.dumps(
            args, ensure_ascii=False, separators=(",", ":"), default=_json_default
        )
        data = data.encode("utf-8")
        if len(data) > MAX_INPUT:
            raise EngineError(
                "données trop volumineuses pour le moteur ({} Mo, maximum {} Mo)".format(
                    len(data) // 2**20, MAX_INPUT // 2**20
                ),
                "data too large for the engine ({} MiB, maximum {} MiB)".format(
                    len(data) // 2**20, MAX_INPUT // 2**20
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
                error.get("message_fr"),
                error.get("message_en"),
                error.get("kind", "engine"),
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
        "erreur interne du moteur Chorus Guard (il a été réinitialisé) : {}".format(
            text
        ),
        "Chorus Guard engine internal error (it was reset): {}".format(text),
        "panic",
    )


def _with_input(payload, **others):
    """The arguments of an operation on a form or an invoice; an unset one is left out
    (the engine reads a missing argument as null or false)."""
    args = collections.OrderedDict(
        (k, v) for k, v in sorted(others.items()) if v is not None
    )
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


def get_engine(cache_dir=None):
    """The process's engine, made on first use. Odoo's prefork workers each get their
    own (the cache is keyed on the process id); threads share it, calls are locked.

    ``cache_dir``: where the compiled module is kept (see :class:`Engine`); the addon
    passes a directory in Odoo's data dir. Only the first call's is used."""
    pid = os.getpid()
    with _cache_lock:
        engine = _cache.get(pid)
        if engine is None:
            _inherited.extend(_cache.values())
            _cache.clear()
            engine = _cache[pid] = Engine(cache_dir=cache_dir)
        return engine
