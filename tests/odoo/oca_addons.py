"""OCA's Odoo 14 modules as an addons folder, from their PyPI wheels.

OCA publishes each 14.0 module as a wheel `odoo14-addon-<name>` that installs
`odoo/addons/<name>/` and depends on an `odoo` distribution that no registry has. So
`pip install` cannot take them; instead each wheel is downloaded alone (--no-deps) and its
`odoo/addons/*` unpacked into one folder for --addons-path.

  python oca_addons.py resolve ROOT...            print the pinned closure (name==version)
                                                  of ROOT's odoo14-addon-* dependencies
  python oca_addons.py unpack PINS WHEELS OUT     download the pinned wheels into WHEELS,
                                                  check the closure is complete, unpack
                                                  their modules into OUT, write
                                                  OUT/python-requirements.txt (the Python
                                                  packages they need) and OUT/versions.txt

Uses `python -m pip download` of the Python running it (the Odoo venv's: its tags decide
nothing here, the wheels are py3-none-any).
"""

import email.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

PREFIX = "odoo14-addon-"


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def download(spec, dest):
    """Download one wheel without its dependencies; returns its path."""
    before = set(os.listdir(dest))
    subprocess.check_call(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
         "--only-binary", ":all:", "--dest", dest, spec])
    after = set(os.listdir(dest)) - before
    stem = canonical(spec.split("==")[0]).replace("-", "_")
    version = spec.split("==")[1] if "==" in spec else None
    for name in sorted(after) or sorted(os.listdir(dest)):
        parts = name.split("-")
        if canonical(parts[0]).replace("-", "_") == stem and name.endswith(".whl"):
            if version is None or parts[1] == version:
                return os.path.join(dest, name)
    raise SystemExit("oca: no wheel for %s in %s" % (spec, dest))


def metadata(wheel):
    with zipfile.ZipFile(wheel) as z:
        meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        return email.parser.Parser().parsestr(z.read(meta).decode("utf-8"))


def split_requires(meta):
    """(addon dependency names, other Python requirements), without `odoo` itself."""
    addons, python = [], []
    for req in meta.get_all("Requires-Dist") or []:
        name = canonical(re.split(r"[\s<>=!~;\[(]", req.strip(), 1)[0])
        if name == "odoo":
            continue
        if name.startswith(PREFIX):
            addons.append(name)
        else:
            python.append(req.strip())
    return addons, python


def resolve(roots):
    tmp = tempfile.mkdtemp()
    try:
        pins, queue = {}, [canonical(r) for r in roots]
        while queue:
            name = queue.pop()
            if name in pins:
                continue
            meta = metadata(download(name, tmp))
            pins[name] = meta["Version"]
            queue.extend(split_requires(meta)[0])
        for name in sorted(pins):
            print("%s==%s" % (name, pins[name]))
    finally:
        shutil.rmtree(tmp)


def unpack(pins_file, wheels, out):
    with open(pins_file) as f:
        pins = [l.split("#")[0].strip() for l in f]
    pins = [p for p in pins if p]
    names = {canonical(p.split("==")[0]) for p in pins}
    os.makedirs(wheels, exist_ok=True)
    tmp_out = out + ".tmp"
    shutil.rmtree(tmp_out, ignore_errors=True)
    os.makedirs(tmp_out)
    python, versions, missing = [], [], []
    for pin in pins:
        wheel = download(pin, wheels)
        meta = metadata(wheel)
        addons, reqs = split_requires(meta)
        missing += ["%s (needed by %s)" % (a, pin) for a in addons if a not in names]
        python += reqs
        versions.append("%s %s" % (canonical(meta["Name"])[len(PREFIX):].replace("-", "_"),
                                   meta["Version"]))
        with zipfile.ZipFile(wheel) as z:
            for member in z.namelist():
                if member.startswith("odoo/addons/") and not member.endswith("/"):
                    z.extract(member, tmp_out)
    if missing:
        raise SystemExit("oca: the pinned list lacks " + ", ".join(missing))
    # The modules themselves, flat, as --addons-path wants them.
    staged = os.path.join(tmp_out, "odoo", "addons")
    for module in os.listdir(staged):
        os.rename(os.path.join(staged, module), os.path.join(tmp_out, module))
    shutil.rmtree(os.path.join(tmp_out, "odoo"))
    with open(os.path.join(tmp_out, "python-requirements.txt"), "w") as f:
        f.write("".join(r + "\n" for r in sorted(set(python))))
    with open(os.path.join(tmp_out, "versions.txt"), "w") as f:
        f.write("".join(v + "\n" for v in versions))
    shutil.rmtree(out, ignore_errors=True)
    os.rename(tmp_out, out)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "resolve":
        resolve(sys.argv[2:])
    elif len(sys.argv) == 5 and sys.argv[1] == "unpack":
        unpack(*sys.argv[2:])
    else:
        raise SystemExit(__doc__)
