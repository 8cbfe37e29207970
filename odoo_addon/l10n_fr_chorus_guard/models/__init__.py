from . import (
    account_edi_format,
    account_move,
    account_move_context,
    account_move_engagement,
    account_move_reform,
    account_move_rejection,
    account_move_resend,
    account_move_send,
    account_move_sent,
    ir_actions_report,
    res_company,
    res_config_settings,
)
