# ruff: noqa: E501 - one line per sample keeps the table readable
"""Corpus samples the reader gets wrong today, each with the issue-28 family that trips it.

The marks are strict: once a family is fixed its samples pass, the xfail fails, and the entry
must go. Families are numbered as in issue 28 (1 JSON exports ... 9 nothing collapses).
"""

from __future__ import annotations

_HEADINGS = "3/6: headings and zone statements are listed as events instead of read as context"
_DIVIDERS = "7: day dividers and headings are listed as events instead of setting the day"
_RECORDS = "1: a JSON export whose records sit under a key, or one record a line, is read as text"

# The events read through the prompt differ from the expected reading.
MISREAD: dict[str, str] = {
    "prod_discord_copy.txt": "8: the '(edited)' marker under a message is kept as its text",
    "prod_email_thread.txt": "8: email headers (From:/Sent:/Date:) give no author or time; 'Sent' is taken for an author",
    "prod_jira_comments.txt": "4: Jira's '13/Nov/26 11:41 AM' after '<name> added a comment -' is not read",
    "prod_klog.log": "2: a klog level and date (E1113 19:39:12.123456) before the time hide it",
    "prod_mattermost_bulk.jsonl": _RECORDS,
    "pub_aws_s3_2008_07_20.txt": "3: the heading that dates the paste ('Event: July 20, 2008') is listed as an event",
    "pub_azure_2018_09_history.txt": "5: a title, then its time in 'Summary of impact: Between 10:54 and ...', is not read",
    "pub_azure_2022_07_29_wan.txt": "2: 'Between as early as 08:00 UTC ... on 29 July 2022' inside a sentence is not read",
    "pub_azure_2023_01_25_wan.txt": "2: 'Between 07:05 UTC ... on 25 January 2023' inside a sentence is not read",
    "pub_azure_2023_01_31_vm.txt": "5: 'Summary of Impact: Between 07:01 UTC on 31 Jan 2023' (label, then time) is not read",
    "pub_eartharoid_2025_04_30.txt": "5: 'Resolved May 01 at 04:00pm BST' under a title, and 'at 11:22pm UTC' in a sentence, are not read",
    "pub_fastly_2021_06_08.txt": "6: '(all times are in UTC)' is listed as an event",
    "pub_gcp_2019_06_02_network.txt": "6: '(all times are US/Pacific)' is ignored: 'Jun 06, 2019 09:42' is read as UTC",
    "pub_gcp_2020_12_09_europe_west2.txt": "2: 'as of 2020-12-09 18:32 US/Pacific' inside a sentence is not read",
    "pub_gitlab_2017_01_31.md": "2: 'At 2017/01/31 6pm UTC,' and '**Update 6:14pm UTC:' are not read; 'At' is taken for an author",
    "pub_google_api_2013_04_30.txt": "6: 'Timeline (all times Pacific Time)' is ignored: every entry is read as UTC, seven hours early",
    "pub_google_workspace_2024_08_12.txt": "2: 'Incident began at 2024-08-12 13:20' inside a sentence is not read",
    "pub_govuk_notify_2022_03_23.txt": "2: 'emailed Notify at 11:04am' inside a sentence is not read",
    "pub_govuk_pay_2020_07_20.txt": "5: a status update's time after its text ('Posted Jul 20, 2020 - 19:35 BST') is not read",
    "pub_jobnimbus_status.txt": "5: the time under an update ('Mar 13, 10:16 MDT') is given to the update after it",
    "pub_letsencrypt_2016_03_28_dns.txt": "2: 'From 28 Mar 2016 23:29 UTC to ...' is not read",
    "pub_miraheze_2018_08_31_tmh.txt": "9: a stray ': ' after the stamp is kept before the text; 6: the zone line is an event",
    "pub_pushy_2018_03_10.txt": "3: a stamp in parentheses '(Saturday 10th March 2018 10:56:33 UTC)' is not read",
    "pub_pypi_2017_04_15.txt": "7: day dividers ('Apr 15, 2017') are listed as events, the time in the sentence is not read",
    "pub_pypi_2020_03_26.txt": "5: 'Posted Mar 26, 2020 - 06:30 UTC' after the text is not read",
    "pub_pypi_2022_04_05.txt": "5: 'Posted Apr 05, 2022 - 16:36 UTC' after each update is not read",
    "pub_slack_status_2021_01_04.txt": "7: updates listed newest first start a false rollover (5:18 PM read two days on)",
    "pub_wikimedia_2019_03_28_commons.txt": "4: a year out of line with its neighbours (2017 among 2019) is taken as written",
}

# Lines the reader leaves out, or lists as events where the reading has context.
UNPLACED: dict[str, str] = {
    "pub_pypi_2025_05_24.txt": _HEADINGS,
    "pub_letsencrypt_2016_03_28_dns.txt": _HEADINGS,
    "prod_email_thread.txt": "8: the quoted-message separator is listed as an event",
    "prod_mattermost_bulk.jsonl": _RECORDS,
    "pub_aws_s3_2008_07_20.txt": _HEADINGS,
    "pub_azure_2018_09_history.txt": _DIVIDERS,
    "pub_azure_2022_07_29_wan.txt": _HEADINGS,
    "pub_azure_2023_01_25_wan.txt": _HEADINGS,
    "pub_azure_2023_01_31_vm.txt": _DIVIDERS,
    "pub_courier_2024_02_19.txt": _HEADINGS,
    "pub_eartharoid_2025_04_30.txt": _HEADINGS,
    "pub_fastly_2021_06_08.txt": _HEADINGS,
    "pub_gcp_2019_06_02_network.txt": _HEADINGS,
    "pub_gcp_2020_12_09_europe_west2.txt": _HEADINGS,
    "pub_google_api_2013_04_30.txt": _HEADINGS,
    "pub_google_workspace_2024_08_12.txt": _HEADINGS,
    "pub_govuk_notify_2022_03_23.txt": _HEADINGS,
    "pub_govuk_pay_2020_07_20.txt": _HEADINGS,
    "pub_miraheze_2018_08_31_tmh.txt": _HEADINGS,
    "pub_pushy_2018_03_10.txt": _DIVIDERS,
    "pub_pypi_2017_04_15.txt": _DIVIDERS,
    "pub_pypi_2020_03_26.txt": _HEADINGS,
    "pub_pypi_2022_04_05.txt": _HEADINGS,
    "pub_wikimedia_2019_03_28_commons.txt": _HEADINGS,
}
