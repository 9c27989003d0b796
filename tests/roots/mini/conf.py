from dmlog.conf import *
project = "Test log"
dmlog_today = "2020-06-15"
