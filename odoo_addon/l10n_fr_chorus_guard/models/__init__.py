from . import res_company
from . import res_config_settings
from . import account_move
from . import account_edi_format
from . import ir_actions_report
