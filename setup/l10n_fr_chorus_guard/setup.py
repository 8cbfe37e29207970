import setuptools

setuptools.setup(
    setup_requires=['setuptools-odoo'],
    odoo_addon={
        # The manifest's `wasmtime` with the versions the server shim supports
        # (engine/wasm_engine.py): 13.0.2 to 25 on Python 3.8, 12.0.0 on 3.6 and 3.7.
        "external_dependencies_override": {
            "python": {
                "wasmtime": [
                    'wasmtime>=13.0.2,<26; python_version >= "3.8"',
                    'wasmtime==12.0.0; python_version < "3.8"',
                ],
            },
        },
    },
)
