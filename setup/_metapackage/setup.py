import setuptools

with open('VERSION.txt', 'r') as f:
    version = f.read().strip()

setuptools.setup(
    name="odoo14-addons-chorus-guard",
    description="Meta package for chorus-guard Odoo addons",
    version=version,
    install_requires=[
        'odoo14-addon-l10n_fr_chorus_guard',
    ],
    classifiers=[
        'Programming Language :: Python',
        'Framework :: Odoo',
        'Framework :: Odoo :: 14.0',
    ]
)
