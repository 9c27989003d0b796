"""Settings of the DMLT decision log. Everything dmlog sites share, the record
schema included, comes from the dmlog package (``_ext/dmlog``)."""

from dmlog.conf import *

project = "DMLT decision log"
html_title = "DMLT decision log"
author = "Rubin Observatory Data Management Leadership Team"
copyright = "2019–2026, Vera C. Rubin Observatory"

# Where the site is published, and where its sources live.
html_baseurl = "https://dmlog.lsst.io/"
dmlog_repository_url = "https://github.com/lsst-dm/dmlog"
dmlog_repository_branch = "main"  # records link to their lines there ("propose a change")
dmlog_jira_url = "https://rubinobs.atlassian.net/browse/"
