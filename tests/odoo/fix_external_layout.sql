-- Some Odoo 14 snapshots (the KarimGil/odoo14base nightly of 20220727 among them) ship a
-- web.external_layout whose "not company" branch t-calls
-- dynamic_accounts_report.external_layout_standard, a template of a module they do not
-- have: every report using the layout (invoice PDFs) then fails to render. The runner
-- removes that node in the test database only, never in the tree or the addon. On a tree
-- without the node this changes nothing.
UPDATE ir_ui_view
   SET arch_db = regexp_replace(
         arch_db,
         '\s*<t t-call="dynamic_accounts_report\.external_layout_standard">.*?</t>',
         '', 'g')
 WHERE key = 'web.external_layout'
   AND arch_db LIKE '%dynamic_accounts_report.external_layout_standard%'
RETURNING 'web.external_layout (view ' || id || '): the dynamic_accounts_report call removed';
