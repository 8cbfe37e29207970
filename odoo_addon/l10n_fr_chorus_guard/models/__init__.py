from . import (
    account_edi_format,
    account_move,
    ir_actions_report,
    res_company,
    res_config_settings,
)
