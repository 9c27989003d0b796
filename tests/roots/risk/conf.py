from dmlog.conf import *
project = "Test log with risks"
dmlog_today = "2020-06-15"

# The log's own record type: nothing else in dmlog names it.
dmlog_fields = {
    "likelihood": {"description": "How likely the risk is to happen.",
                   "values": ["low", "medium", "high"]},
    "impact": {"description": "How much it would cost if it happened.",
               "values": ["minor", "major", "severe"]},
}
dmlog_types = {
    "risk": {
        "title": "Risk",
        "prefix": "RSK",
        "statuses": ["open", "mitigated", "retired"],
        "closed": ["mitigated", "retired"],
        "required": ["owner", "likelihood", "impact"],
        "optional": ["decision", "milestone", "tags", "note", "closed", "reason"],
        "columns": ["id", "title", "status", "likelihood", "impact", "owner"],
    },
}
