from . import res_company
from . import res_config_settings
from . import account_move
from . import ir_actions_report
