"""The language of minutes, declared as data: sections, decision markers, action markers.

Every way the importer recognises a record is a row of a table below, with a name (the
"rule" that ``dmlog import --format json`` reports) and an example. To read another
community's style, add a row; the finder (``finder.py``) applies the rows in order.

Patterns see one *clean* sentence: list glyphs, quote markers, task boxes and emphasis
are already gone (``structure.clean``). Named groups: ``names`` (owners as written),
``handle`` (an @handle), ``task`` (what is to be done), ``text`` (what was decided).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypedDict, Unpack

from dmlog import schema

# -- names ----------------------------------------------------------------------------
# a capitalised word of a name: Leanne, O'Mullane, Dubois-Felsmann, Łukasz, Stéfan
_UPPER = r"A-ZÀ-ÖØ-ÞŁŚŻŹĆŃ"
_LOWER = r"a-zß-öø-ÿłśżźćńą-ž"
WORD = (rf"(?!(?:Re|Also|And|Or|To|Should|Will|The|This|That|We|It|There|If|When|What|Who)\b)"
        rf"[{_UPPER}][{_LOWER}'’][\w'’-]*")
PARTICLE = r"(?:van|von|der|de|den|da|del|di|du|le|la|bin|al)"
INITIALS = r"[A-Z]{1,4}(?:-[A-Z]{1,2})?(?:s\b)?"  # K-T, GPDF, PIs
HANDLE = r"@[\w.-]*\w"
# Atomic groups and possessive repeats: a name, once read, is not re-read word by word —
# minutes are untrusted, and a long run of capitalised words must not take the regex
# engine exponential time.
NAME = (rf"(?>Unknown User \([\w.-]+\)|All [A-Z]{{2,}}|{HANDLE}|"
        rf"(?:[A-Z]\.\s?){{1,2}}{WORD}|"  # "A. Ueda", "J.R. Smith"
        rf"{WORD}(?: (?:{WORD}|{PARTICLE}|[A-Z]\.?(?!\w))){{0,3}}|{INITIALS})")
NAMES = rf"{NAME}(?:(?:,? and |, | & | or | and |/| \+ ){NAME})*+"
SPLIT_NAMES = re.compile(r",? and |, | & | or |/| \+ ")

#: Capitalised words that start sentences but never name an owner.
NOT_NAMES = {
    "The", "This", "That", "These", "Those", "It", "Its", "We", "There", "Note", "Also", "Some",
    "Most", "Any", "Agreed", "Discussion", "Discussed", "Yes", "No", "If", "How", "What", "Where",
    "When", "Why", "Can", "Seems", "Concerns", "Assuming", "Following", "Requesting", "Other",
    "Current", "General", "Consensus", "Futures", "Need", "Depends", "Commissioning", "Scripts",
    "Desirement", "Assertion", "Identify", "Four", "Release", "Concrete", "Aiming", "Qserv", "Gen3",
    "In", "For", "A", "An", "Make", "Add", "Move", "Update", "Remove", "Create", "Merge", "Do",
    "Let", "Let's", "Should", "Is", "Are", "Action", "Actions", "Decision", "Decisions", "Todo",
    "TODO", "Resolved", "Resolution", "Approved", "Topic", "Agenda", "Notes", "Minutes", "Date",
    "Time", "Item", "Items", "Meeting", "Everyone", "Everybody", "Nobody", "Someone", "Somebody",
    "All", "Both", "Each", "Who", "Please", "Thanks", "Thank", "Welcome", "Next", "Last",
    "Previous", "New", "Old", "Open", "Closed", "Summary", "Status", "Updates", "Report",
    "Context", "Background", "Question", "Questions", "Comment", "Comments", "Proposal",
    "PROPOSED", "ACTION", "RESOLUTION", "RESOLVED", "AI", "NB", "FYI", "TBD", "N/A", "OK", "AOB",
    "Project", "Board", "Council", "Committee", "Team", "Group", "Steering", "Members", "Present",
    "Regrets", "Absent", "Apologies", "Chair", "Scribe", "Secretary", "Directors", "Special",
    "Vote", "Motion", "Approval", "Then", "After", "Before", "Once", "Until", "Per", "Based",
    "Given", "Since", "Because", "Overall", "However", "Otherwise", "Instead", "Maybe", "Perhaps",
    "You", "I", "He", "She", "They", "Anyone", "People", "Folks", "Now", "So",
    "Have", "Has", "Had", "Would", "Could", "Might", "Must", "Does", "Did", "Still", "Just", "Try",
    "Needs", "Person", "User", "Users", "Nothing", "Everything", "Something", "Alternative",
    "Poll", "Straw", "RFC", "PR", "Issue", "Ticket", "Bug", "Presenter", "Link",
}

#: Subjects that are a body of people: what they agree is a decision, not an action.
GROUP = (r"(?:(?:[Tt]he|[Oo]ur|[Tt]his|[Aa]ll)\s+)?(?:[\w&-]+\s+){0,3}?"
         r"(?:[Bb]oard|[Cc]ouncil|[Cc]ommittee|[Tt]eam|[Gg]roup|WG|CG|IG|TSC|TOC|SC|PMC|DMLT|CCB|"
         r"[Mm]embers|[Dd]irectors|[Pp]articipants|[Mm]eeting|[Rr]oom|[Aa]ttendees|[Mm]aintainers|"
         r"[Cc]hairs|[Pp]anel|[Cc]aucus|[Ff]oundation|[Cc]ore devs?|[Cc]ore developers)"
         r"|(?:[Tt]he|[Oo]ur)\s+(?:[A-Z][\w&-]*\s+){0,2}[A-Z][\w&-]*"  # "The TCG", "The Exec": a body
         r"|[Ww]e|[Ee]veryone|[Ee]verybody|[Aa]ll")

#: A result given as one word or two: what it decides is the heading or item it answers.
VERDICT = (r"(?:approved|approves|accepted|accepts|rejected|rejects|declined|deferred|needs work"
           r"|go ahead|please proceed|proceed|carried|adopted|passed)")

# -- sections ---------------------------------------------------------------------------
#: The roles of the sections that list records ("Action items", "Decisions"): how minutes
#: name their parts, in English, not the log's record types.
ACTION_LIST, DECISION_LIST = "actions", "decisions"

#: A section's name, as written, and its role. Whole-label matches (case-insensitive).
SECTIONS: list[tuple[str, str]] = [
    ("regrets", r"(?:regrets|apologies|absent|excused|not present|not attending|absentees"
                r"|(?:[\w ]+ )?(?:members|directors|officers) (?:not attending|absent|not present))"),
    ("attendees", r"(?:attendees|attendance|attending|present|participants|participating|roll call"
                  r"|in attendance|who|people|invitees"
                  r"|(?:[\w ]+ )?(?:attendees|members|members present|present|participants)"
                  r"|guests?(?: present)?|others|observers|also present)"),
    ("chair", r"(?:chairs?|chaired by|chairperson|moderator|facilitator|host|bosun|lead)"),
    ("roles", r"(?:scribes?|scribenick|note ?takers?|notes? by|minutes? (?:by|taken by)|minute taker"
              r"|secretary|recording|recorder|action item scribe|note[- ]takers?|ed|executive director"
              r"|timekeeper"
              r"|artifacts|meeting roles|roles)"),
    (ACTION_LIST, r"(?:(?:new |open |current |outstanding |ongoing |pending |summary of |list of )?"
                r"action(?: items?| points?|s)?(?: list| summary)?"
                r"|todos?|to-?dos?|tasks|next steps|follow[- ]?ups?|assignments)"),
    (DECISION_LIST, r"(?:(?:summary of |list of )?(?:decisions?(?: made| taken)?|resolutions?"
                  r"|outcomes?|agreements?|conclusions?|resolved|votes?|motions? (?:passed|carried)))"),
    ("notes", r"(?:notes|meeting notes|discussion(?: items)?|minutes|meeting minutes|topics|agenda"
              r"|contents|summary|updates?|announcements|aob|any other business|other business"
              r"|general discussion|call to order|adjournment)"),
]
_SECTION_PATTERNS = [(role, re.compile(rf"^{pattern}$", re.I)) for role, pattern in SECTIONS]
#: Labels of a meeting's fields other than its people ("Date: …"), shown as fields on its page.
MEETING_FIELD = re.compile(r"(?:date|time|when|where|location|place|venue|room|call|dial[- ]in|video"
                           r"|zoom|webex|meeting|next meeting)", re.I)


def section_role(label: str) -> str | None:
    """The role of a section named ``label``; "Short version / Decisions" is the role its
    parts agree on."""
    label = re.sub(r"\s+", " ", label.strip().strip("*_:#").strip())
    label = re.sub(r"^(.{3,}?)\s*\([^()]*\)$", r"\1", label)  # "Attendees (add yourself)"
    for role, pattern in tables().sections:
        if pattern.match(label):
            return role
    parts = [p for p in re.split(r"\s*/\s*|,?\s+(?:&|and|-|–|—)\s+|,\s+", label) if p and p != label]
    if len(label.split()) > 5:
        return None  # "TODO - Jane and Dario will get updates": a line under a marker, not a name
    roles = {r for r in (section_role(p) for p in parts) if r}
    return roles.pop() if len(roles) == 1 and roles <= {ACTION_LIST, DECISION_LIST} else None


_NAME_ENTRY = re.compile(rf"^~*(?:{NAME}|[a-z][\w.-]{{1,24}})(?: \S+){{0,3}}~*(?:\s*[(\[,;–—-].*)?$")


def looks_like_names(text: str) -> bool:
    """A line of an attendee block: names (with initials, handles, affiliations)."""
    text = text.strip().rstrip(",;")
    if not text or text in ("-", "None", "none", "N/A", "n/a"):
        return True
    if text.endswith((".", "?", "!", ":")) or len(text.split()) > 14:
        return False
    return all(_NAME_ENTRY.match(part.strip()) for part in re.split(r"[,;]", text) if part.strip())


#: "Name: ..." at the start of a line: who speaks (IRC nicks, initials, full names).
SPEAKER = re.compile(rf"^(?P<speaker>{NAME}|[a-z][\w.-]{{1,24}}|\[[\w .-]+\]):\s")
#: Lines an IRC scribe writes as markers, not as someone's words.
MARKER_LINE = re.compile(r"^(?:(?:ACTION|RESOLUTION|RESOLVED|PROPOSED|PROPOSAL|Topic|Agenda|Meeting|Chair"
                         r"|Scribe|ScribeNick|Present|Regrets|Date|SUMMARY|DECISION|AI)\b\s*[:+]"
                         # a meeting bot's commands (MeetBot, Zodbot): "#action nick to …", "#agreed …"
                         r"|#(?:action|agreed|accepted|rejected|info|idea|link|topic|chair|help|undo)\b)",
                         re.I)

# -- words that tell a task from a remark ----------------------------------------------
#: A task starts with a verb: a line whose words after "Name:" or "Name —" start with
#: one of these is a remark, a status or a question, not an action.
NOT_TASK_STARTS = {
    # articles, pronouns, determiners
    "the", "a", "an", "this", "that", "these", "those", "it", "its", "it's", "we", "i", "i'm",
    "i've", "you", "he", "she", "they", "there", "here", "our", "my", "your", "their", "his",
    "her", "some", "any", "all", "no", "none", "each", "every", "both", "many", "much", "most",
    "more", "less", "few", "several", "one", "two", "three", "other", "another", "such", "same",
    # auxiliaries and questions
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "do", "does", "did", "can",
    "could", "would", "should", "may", "might", "must", "shall", "will", "who", "what", "when",
    "where", "why", "how", "which", "whether", "if",
    # prepositions, conjunctions, adverbs
    "in", "on", "at", "of", "for", "from", "with", "without", "about", "by", "to", "into",
    "over", "under", "outside", "inside", "after", "before", "since", "until", "as", "so", "and",
    "or", "but", "also", "just", "still", "maybe", "perhaps", "probably", "not", "yes", "ok",
    "okay", "sure", "thanks", "thank", "welcome", "agree", "agreed", "disagree", "approve",
    "approves", "approved", "lgtm", "+1", "-1", "0", "hi", "hello", "then", "now", "currently",
    "already", "again", "very", "too", "only", "even", "well", "great", "good", "fine", "nice",
    "really", "basically", "actually", "generally", "mostly", "agrees", "likes", "prefers",
    # status, reports and topics, not tasks
    "updates", "status", "reports", "context", "background", "note", "notes",
    "question", "questions", "comment", "comments", "summary", "overview", "intro",
    "introduction", "discussion", "presentation", "presented", "demo", "slides", "plans",
    "proposal", "news", "feedback", "concern", "concerns", "issue", "issues", "idea", "ideas",
    "going", "done", "working", "progress", "fyi", "re", "topic", "item", "recap", "reminder",
    "vacation", "away", "out", "absent", "present", "regrets", "chair", "scribe", "lead",
    "representing", "guest", "university", "institute", "observatory", "laboratory", "lab",
    "documentation", "there's", "that's", "what's", "let's", "nothing", "everything", "something",
    # how someone feels is not a task
    "happy", "glad", "sorry", "concerned", "worried", "interested", "unsure", "keen", "excited",
    "supportive", "against", "opposed", "neutral", "unavailable", "available", "busy", "late",
}


def is_task(text: str, line_start: bool = False) -> bool:
    """Whether words read as a task: they start with a (lower-case, present-tense) verb
    and are not a question. ``line_start``: the words start a line of an action list,
    where a verb has a capital ("Archive the old pages"), but a sub-heading ("New") is
    not a task."""
    text = text.strip()
    words = text.split()
    if not words or text.endswith("?"):
        return False
    first = words[0].lower().strip(",.;:")
    second = words[1].lower().strip(",.;:") if len(words) > 1 else ""
    if first in ("update", "report", "plan", "summary") and \
            second in ("on", "from", "about", "of", "for", ""):
        return False  # "update on the crater run: going well" reports, not a task
    # "Do the split into ..." is an order; "Do we need ...?" (a question) was refused above
    imperative_do = first == "do" and second in ("the", "a", "an", "this", "that", "these", "those")
    if not re.fullmatch(r"[a-z][a-z'-]*", first) or (first in NOT_TASK_STARTS and not imperative_do):
        return False
    if line_start and len(words) < 2:
        return False
    if line_start and first not in COMMON_VERBS and all(
            w[:1].isupper() or not w[:1].isalpha() or w in _TITLE_SMALL_WORDS for w in words[1:]):
        return False  # "Eclipse Cloud Development PMC": a name in title case, not a task
    if words[0][:1].isupper() and words[0].lower() not in COMMON_VERBS and not line_start:
        return False  # "Some University", "SQuaRE status": a name, not a verb
    return not (first.endswith("ed") and first not in ("need", "feed", "seed", "embed", "speed"))


_TITLE_SMALL_WORDS = {"of", "and", "for", "the", "in", "on", "at", "to", "&"}

#: Verbs an action written with a capital ("All DMLT: Send suggestions") often starts with.
COMMON_VERBS = {
    "send", "write", "draft", "review", "update", "create", "check", "contact", "ask", "follow",
    "schedule", "set", "find", "prepare", "add", "remove", "fix", "file", "open", "close",
    "circulate", "distribute", "organise", "organize", "arrange", "book", "look", "investigate",
    "produce", "provide", "share", "post", "publish", "announce", "discuss", "talk", "work",
    "coordinate", "confirm", "collect", "compile", "document", "email", "e-mail", "make", "move",
    "merge", "propose", "put", "read", "reach", "submit", "test", "try", "verify", "invite",
    "identify", "implement", "plan", "present", "reply", "respond", "revise", "run", "start",
    "summarise", "summarize", "take", "track", "write-up", "get", "give", "help", "keep", "let",
    "bring", "call", "change", "clarify", "consult", "convert", "define", "deliver", "edit",
    "estimate", "evaluate", "figure", "finish", "finalise", "finalize", "gather", "migrate",
    "notify", "nominate", "raise", "record", "register", "remind", "rename", "renew",
    "report", "request", "resolve", "revisit", "scope", "sign", "sort", "tell", "triage",
    "upload", "use", "inform", "include", "list", "link", "log", "approach",
    "analyse", "analyze", "assess", "build", "clean", "deploy", "design", "drive", "explore",
    "fill", "forward", "handle", "lead", "own", "pick", "ping", "port", "prototype", "pursue",
    "release", "reopen", "research", "retire", "reword", "setup", "sync", "tag",
}


def starts_with_verb(task: str) -> bool:
    """Whether words read as a task without any marker around them: they start with a
    verb of the kind tasks start with ("send", "review", "draft"). "KT: summit services doc
    needs updating" and "Norman: works on webKnossos" say something; they give no task.
    "Let us revisit …" proposes, to the room."""
    words = task.split()
    if not is_task(task, line_start=True):
        return False
    first, second = words[0].lower(), (words[1].lower() if len(words) > 1 else "")
    if any(word.lower() in _COPULAS for word in words[1:3]):
        return False  # "compile time is within 3 %": the verb is a noun here
    return first in COMMON_VERBS and not (first == "let" and second in ("us", "me"))


_COPULAS = {"is", "are", "was", "were", "has", "have", "looks", "seems", "needs"}


# -- records ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Rule:
    name: str  # reported by --format json
    kind: str  # decision | action
    pattern: re.Pattern[str]
    example: str
    owner: str = "names"  # names | speaker | none | parse (the rest after a marker) | paren
    strict: bool = True  # owners must read as people's names (no marker said they are)


class _RuleReading(TypedDict, total=False):
    """How a rule reads its match: where the owner is (Rule.owner), whether owners must
    read as names (Rule.strict), and the pattern's flags (re.I)."""

    owner: str
    strict: bool
    flags: int


def _rule(name: str, kind: str, pattern: str, example: str, **reading: Unpack[_RuleReading]) -> Rule:
    return Rule(name, kind, re.compile(pattern, reading.get("flags", 0)), example,
                reading.get("owner", "names"), reading.get("strict", True))


_NUMBER = r"(?:\s*#?\s*\d+[a-z]?\b)?"
_VERBS_WILL = (r"(?:will|shall|to|should|must|is to|are to|needs? to|is going to|are going to|'ll"
               r"|has to|have to)")

#: The decision markers, tried in order on each clean sentence.
DECISION_RULES: list[Rule] = [
    _rule("approved-passive", schema.DECISION,
          r"^(?:The |[A-Z])[\w ,'’-]{2,80}?\s(?:(?:was|were|is|are|has been|have been)\s+)?"
          r"(?:unanimously\s+)?(?:approved|adopted|ratified|confirmed)"
          r"(?:\s+as\b.*|\s+without\b.*|,.*)?\.?$"
          rf"|\b(?:{NAMES}),?\s+(?:who\s+)?(?:(?:is|are|was|were|has been|have been)\s+)?"
          r"(?:unanimously\s+)?(?:elected|appointed|re-elected|nominated as|co-opted"
          r"|voted (?:onto|into|in)\b)"
          r"\b(?!\s+(?:to\s+)?[a-z]+\s+(?:the|a|an)\b)",
          "The minutes of the meeting of 21 January were approved as a true record; Minutes approved.; "
          "… for Sandip, who is elected vice-chair",
          owner="none"),
    _rule("no-objection", schema.DECISION,
          r"^(?:[Nn]obody|[Nn]o one|[Nn]one) objected\.?$|^[Nn]o objections?\.?$",
          "Nobody objected. (the proposal above it, or the sentence beside it, is decided)", owner="none"),
    _rule("decision-label", schema.DECISION,
          r"^(?:[A-Z][\w ]{0,30}?\s)?(?:decisions?|decided|resolved|resolutions?|agreed|agreements?"
          r"|consensus|outcomes?|conclusions?|verdict|approved|accepted|adopted|determination)"
          rf"{_NUMBER}\s*(?:\([^)]*\))?\s*(?::|\s[-–—]\s|,)\s*(?:that\s+)?(?P<text>\S.*)$",
          "RESOLVED: the WG publishes a CR; Decision #2: use Zoom; Board decision: Model 1",
          owner="none", flags=re.I),
    _rule("be-it-resolved", schema.DECISION, r"\bBE IT (?:FURTHER )?RESOLVED,?\s*(?:that\s+)?(?P<text>.+)$",
          "NOW, THEREFORE, BE IT RESOLVED, that ...", owner="none", flags=re.I),
    _rule("it-was-agreed", schema.DECISION,
          r"\b[Ii]t (?:was|is|has been|had been) (?:\w+ )?(?:agreed|decided|resolved|determined|concluded"
          r"|approved)\b(?:\s+(?:that|to|on|upon))?\s*(?P<text>.+)$",
          "It was agreed to postpone RFC-305", owner="none"),
    _rule("agreed-to", schema.DECISION,
          r"^(?:[Aa]greed|[Dd]ecided|[Rr]esolved|[Aa]pproved|[Aa]ccepted|[Aa]dopted|[Cc]oncluded)"
          r"(?:\s+(?:that|to|on|upon)\b|:|\s+[-–—])\s*(?P<text>.+)$",
          "Agreed to adopt RFC-123; Decided to stabilise X", owner="none"),
    _rule("we-agreed", schema.DECISION,
          rf"(?:^|[,;]\s+(?:and\s+|so\s+)?|\s(?:and|so)\s+)(?:I (?:believe|think)\s+)?(?:{GROUP})\s+"
          r"(?:(?:have|has|had|then|also|unanimously|formally|finally|all|present|attending)\s+)*"
          # "The Council AGREED to form a steering group"
          r"(?i:agreed|agrees|agree|decided|decides|decide|resolved|resolves|approved|approves"
          r"|accepted|accepts|adopted|adopts|appointed|appoints|endorsed|endorses|ratified|ratifies"
          r"|elected|elects|selected|selects|chose|chooses|confirmed"
          # "voted unanimously to", "voted 4-1, with Watson voting against, to"
          r"|voted (?:unanimously |\d+[-–]\d+(?:,[^,]{1,60},)? )?(?:to|for|in favou?r))\b"
          r"(?:\s+(?:that|to|on|upon)\b)?\s*(?P<text>.+)$",
          "The board agrees that ...; We agreed ...; The TSC approves ...", owner="none"),
    _rule("group-and-decided", schema.DECISION,
          rf"^(?:{GROUP})\b.*?\b(?:and|then|,)\s+(?:(?:then|also|unanimously)\s+)?"
          r"(?:agreed|decided|resolved|approved|accepted|adopted|chose)\b(?:\s+(?:that|to|on)\b)?\s*(?P<text>.+)$",
          "Steering Council reviewed PEP 584 and decided that ...", owner="none"),
    _rule("person-approves", schema.DECISION,
          rf"^(?P<names>{NAMES})\s+(?:approved|approves|appointed|appoints|ratified|ratifies)\s+(?P<text>.+)$",
          "Sam Ruby appointed Daniel Ruggeri to VP Fundraising", owner="none"),
    _rule("consensus", schema.DECISION,
          r"(?:^|\b[Tt]here (?:was|is|seems to be|appeared to be) (?:a |an )?(?:\w+ )?|^[A-Z]\w+ )"
          r"(?:[Cc]onsensus|[Aa]greement)(?:\s*\([^()]*\))?(?: in the room| of the (?:room|group|meeting))?"
          r"(?: (?:seems to be|is|was|reached|emerged))?(?: (?:that|to|on|for)\b|(?<=onsensus)(?= we\b))"
          r"\s*(?P<text>.+)$",
          "There was consensus that ...; Consensus is that ...; Main consensus is to ...; "
          "consensus in the room to ...; There was a consensus (among A and B) that ...", owner="none"),
    _rule("general-agreement", schema.DECISION,
          r"\b(?:[Gg]eneral|[Bb]road|[Rr]ough|[Cc]lear|[Uu]nanimous) (?:agreement|consensus)"
          r"(?: (?:that|to|on|for)\b)?:?\s*(?P<text>.+)$",
          "General agreement that there should be a portathon", owner="none"),
    _rule("agreement-from", schema.DECISION,
          rf"\bAgreement from (?P<names>{NAMES}) that\s+(?P<text>.*)$",
          "Agreement from Wil O'Mullane that ...", owner="names"),
    _rule("motion-passed", schema.DECISION,
          r"\b(?:[Vv]ote|[Mm]otion|[Rr]esolution|[Pp]roposal|[Bb]allot|[Pp]oll)\b(?: [\w'’-]+){0,6}? "
          r"(?:was |has )?(?:passed|passes|carried|carries|approved|adopted|accepted)\b",
          "The vote passed (5 in favour, 0 against); the motion carried", owner="none"),
    _rule("vote", schema.DECISION,
          r"\b(?:[Aa]pproved|[Pp]assed|[Cc]arried|[Aa]dopted|[Rr]ejected|[Dd]eclined"
          r"|[Aa]ccepted|[Rr]atified)\b(?:[^.;]*?)(?:\(?\s*\d+\s*[-/–:]\s*\d+(?:\s*[-/–:]\s*\d+)?\s*\)?"
          r"|\b\d+\s+(?:in favou?r|yes|for)\b"
          r"|\b(?:by |with |in )?(?:a |an )?[Uu]nanimous(?:ly)?\b(?: [Vv]ote| consent)?)",
          "Approved 8-0; approved (5/0/0); approved by Unanimous Vote; approved, 4 in favour", owner="none"),
    _rule("vote-count", schema.DECISION,
          r"^(?:[A-Z][\w ]{0,40}?\s)?(?:[Vv]ote|VOTE|[Pp]oll|[Bb]allot)\b[^.;]{0,80}?"
          r"\b\d+\s*(?:yes|in favou?r|for|\+1)\b",
          "Vote on the proposal as written: 5 yes, 2 no; Vote called on the JEP: 6 yes, 0 no", owner="none"),
    _rule("unanimously", schema.DECISION,
          r"\b[Uu]nanimously (?:approved|agreed|adopted|passed|accepted|carried|elected)\b",
          "The motion was unanimously approved", owner="none"),
    _rule("verdict", schema.DECISION,
          rf"^(?:(?:{NAMES}|[a-z][\w.-]{{1,24}}):\s+)?(?P<text>{VERDICT}"
          r"(?:\s+(?:with (?:changes|comments|modifications)|as (?:proposed|is|written)|in principle"
          r"|unanimously))?"
          r"(?:\s*\([^()]*\))?)\s*(?:[.!]|\|.*)?$",
          "**Approved** | [#24575](…); hiro: accepted (Hash#fetch_many).; Dani, Nick, Wayne: approves; "
          "Rejected", owner="none", flags=re.I),
    _rule("voted-to", schema.DECISION,
          r"^(?:[Uu]nanimously\s+)?[Vv]oted\s+(?:unanimously\s+)?(?:to|in favou?r of)\s+(?P<text>[a-z].+)$",
          "Voted to adopt the draft patent policy as official", owner="none"),
    _rule("went-with", schema.DECISION,
          rf"^(?:(?:So|And|Then),?\s+)?(?:(?:{GROUP})(?:'d|\s+would|\s+will|'ll)?\s+)?"
          r"(?:go with|went with|going with|settled on|settle on|opted for|opt for)\s+(?P<text>.+)$",
          "So we'd go with Option 1.; settled on reference/moving for registration", owner="none"),
    _rule("we-will", schema.DECISION,
          r"^(?P<text>[Ww]e will (?!(?:discuss|talk|meet|vote|revisit|come back|continue|look|see|"
          r"need|have to|try|hear|check|follow up)\b).*)$",
          "We will add Gaia DR2 ...", owner="none"),
    _rule("group-will", schema.DECISION,
          rf"^(?:{GROUP})\s+will\s+(?!(?:discuss|talk|meet|vote|revisit|come back|continue|look|see|"
          r"need|have to|try|hear|consider|think|receive|get|follow up"
          r"|be (?:sent|given|told|invited|asked))\b)"
          r"(?P<text>.+)$",
          "The board will renew both contracts; the TSC will meet every two weeks", owner="none"),
]

#: The action markers, tried in order on each clean sentence (or clause).
ACTION_RULES: list[Rule] = [
    _rule("done-by", schema.ACTION,
          rf"^(?P<task>.+?\s(?:to be|is to be|will be|should be|shall be)\s+(?:\w+ed|done|written|sent|taken"
          rf"|drawn up|set up)\b.*?)\s+by\s+(?P<names>{NAMES})\.?$",
          "EasyCLA to be documented by Olek; the budget will be sent by Ann", owner="names"),
    _rule("todo-tag", schema.ACTION,
          rf"^(?P<before>.*?)\s*\\?\[(?:TODO|AI|ACTION):?\s+(?P<names>{NAMES})"
          r"(?:\s+(?:to|will)\s+(?P<task>[^\]]+))?\\?\]\.?(?P<after>.*)$",
          "SKIPs should be added to the TOC [TODO Juan]; [TODO: Stéfan will email the proposal]",
          owner="names", strict=False),
    _rule("dash-owner-will-do", schema.ACTION,
          rf"^(?P<task>.+?)\s+[-–—]\s+(?P<names>{NAMES})\s+(?:will|to|'ll)\s+(?:do(?: (?:it|this|that))?"
          r"|take (?:it|this|that)(?: on)?|take care of (?:it|this|that)|handle (?:it|this|that))\.?$",
          "Propose a shorter deprecation cycle to the list - Josh Warner will do", owner="names"),
    _rule("action-label", schema.ACTION,
          r"^(?:action(?:\s+items?)?|actions|AI|A/I|TODO|to-?do|task|follow[- ]?up|next step)"
          rf"{_NUMBER}\s*(?:\((?P<paren>[^)]*)\))?\s*(?::|\s[-–—]\s|\s?[-–—]>|\.(?=\s))\s*(?P<rest>\S.*)$",
          "ACTION: jdoe to file it; Action #1: ... (jdoe); AI: JD to ...; **Action (Jane):** ...",
          owner="parse", strict=False, flags=re.I),
    _rule("action-label-owner", schema.ACTION,
          rf"^(?:[Aa]ction(?:\s+items?)?|ACTION|AI|TODO)\s+(?P<names>{NAMES})\s*:\s*(?:to\s+)?(?P<task>\S.*)$",
          "AI ET: merge the comments; TODO JD: file it", owner="names", strict=False),
    _rule("action-owner-to", schema.ACTION,
          rf"^#?(?:[Aa]ction(?:\s+items?)?|ACTION|AI|TODO)\s+(?P<names>{NAMES}|[a-z][\w.-]{{1,24}})\s+"
          r"(?:to|will|shall)\s+(?P<task>[a-z].+)$",
          "Action AB to circulate the draft; #action nick to send it", owner="names", strict=False),
    _rule("action-by", schema.ACTION,
          rf"^(?:[Aa]ction(?:\s+items?)?|ACTION|AI|TODO)\s+(?:by|for)\s+(?P<names>{NAMES})\s*(?::|to\b|will\b)\s*"
          r"(?P<task>\S.+)$",
          "ACTION by Harriet to set up the polls", owner="names", strict=False),
    _rule("we-will-task", schema.ACTION,
          r"^[Ww]e (?:will|'ll|need to|should) "
          r"(?P<task>(?:follow up|reach out|check|contact|ask|write|send|look into)"
          r"\b.+)$",
          "We will follow up with some individuals", owner="none", strict=False),
    _rule("handle", schema.ACTION, rf"^(?P<names>{HANDLE}):?\s+(?P<task>\S.*)$",
          "@Roy: get the last signature; - [ ] @jdoe write the docs", owner="names", strict=False),
    _rule("speaker-will", schema.ACTION,
          rf"^(?P<names>{NAME}|[a-z][\w.-]{{1,24}}):\s+(?:I\s+will|I'll|I\s+shall|I'm\s+going\s+to"
          r"|I\s+am\s+going\s+to|I\s+can\s+take|I\s+will\s+take|I\s+volunteer\s+to|I'd\s+be\s+happy\s+to"
          r"|I\s+promise\s+to|I\s+agree\s+to|I\s+take\s+the\s+action\s+to|I\s+commit\s+to)\s+(?P<task>.+)$",
          "JD: I will finish the plots; florian: I'll write it up", owner="names", strict=False),
    _rule("speaker-needs", schema.ACTION,
          rf"^(?P<names>{NAME}|[a-z][\w.-]{{1,24}}):\s+(?:[Nn]eeds? to|[Hh]as to|[Ww]ill|[Tt]o)\s+"
          r"(?P<task>[a-z].+)$",
          "Joe: needs to bring the policy docs over; KT: will ask the vendor", owner="names"),
    _rule("speaker-can", schema.ACTION,
          rf"^(?P<names>{NAME}|[a-z][\w.-]{{1,24}}):\s+I\s+(?:can|could)\s+(?P<task>.+)$",
          "TA: I can review the PR once it is up", owner="names", strict=False),
    _rule("first-person", schema.ACTION,
          r"^(?:I\s+will|I'll|I\s+shall|I'm\s+going\s+to|I\s+am\s+going\s+to|I\s+volunteer\s+to"
          r"|I\s+take\s+the\s+action\s+to)\s+(?P<task>.+)$",
          "… I'll draft it (said by the speaker of the line)", owner="speaker", strict=False),
    _rule("said-would", schema.ACTION,
          rf"^(?P<names>{NAMES})\s+(?:said|says|reported|indicated|promised|confirmed|mentioned|noted"
          r"|stated|offered|agreed|agrees|volunteered)\s+(?:that\s+)?(?:he|she|they|it|he/she|s?he)\s+"
          r"(?:would|will|'ll|is going to|are going to|could|can|shall)\s+(?P<task>.+)$",
          "Jane said she would draft it", owner="names"),
    _rule("agrees-to", schema.ACTION,
          rf"^(?:[A-Z][a-z]+\s[\w' -]{{0,40}},\s+)?(?P<names>{NAMES})\s+(?:(?:has|have|had)\s+)?"
          r"(?:agreed|agrees|offered|offers|volunteered|volunteers|promised|vowed|vows"
          r"|promises|undertook|undertakes|committed|commits|was asked|were asked|is asked|are asked"
          r"|took an action|takes an action|will take an action|has an action|have an action"
          r"|took the action|takes the action|has the action"
          r"|(?:still\s+)?holds? an action|(?:still\s+)?hold an action"
          r"|is tasked|are tasked|was tasked|were tasked)\s+(?:to\s+)?(?P<task>[a-z].+)$",
          "Jane agrees to work through the process; After some discussion, Jon and Ann agreed to …",
          owner="names"),
    _rule("name-pronoun-will", schema.ACTION,
          rf"^(?P<names>{NAMES})\b[^.;]*?,\s*(?:and\s+)?(?:he|she|they)\s+"
          r"(?:will|'ll|is going to|are going to)\s+(?P<task>[a-z].+)$",
          "Shafik is bisecting, he will report back by Friday", owner="names"),
    _rule("suggested-that", schema.ACTION,
          rf"\b(?:suggested|proposed|requested|recommended|asked)\s+that\s+(?P<names>{NAMES})\s+"
          r"(?:should\s+)?(?P<task>[a-z].+)$",
          "Heather suggested that Lars pass on detailed feedback", owner="names"),
    _rule("name-will", schema.ACTION,
          rf"(?:^|;\s+|^[Ff]or\s+|^(?:[A-Z][a-z]+\s[\w' -]{{0,80}}),\s+)"
          rf"(?P<names>{NAMES}|[a-z][\w.-]{{1,24}})\s+"
          rf"(?:{_VERBS_WILL})\s+"
          r"(?:then\s+|also\s+|now\s+)?(?P<task>[a-z].*)$",
          "Jane Doe will ...; Tim & Simon to play this by ear; JD to send", owner="names"),
    _rule("name-take-action", schema.ACTION,
          rf"^(?P<names>{NAMES})\s*(?:[-–—:]\s*)(?P<task>.+?)\s*[-–—,;]?\s*(?:will|to) take (?:this|it|that)"
          r" (?:as an action|on)\b.*$",
          "Tim - documentation is missing - will take this as an action", owner="names"),
    _rule("name-dash", schema.ACTION, rf"^(?P<names>{NAMES})\s+[—–-]\s+(?:will\s+)?(?P<task>\S.*)$",
          "Jane Doe — renew the certificate", owner="names"),
    _rule("will-dash-owner", schema.ACTION,
          rf"^(?P<task>.+?\b(?:will|to|should|must|needs? to)\b.+?)\s+[—–-]\s+(?P<names>{NAMES})\.?$",
          "The budget will be submitted to the members by February — Paolo", owner="names", strict=False),
    _rule("name-colon", schema.ACTION, rf"^(?P<names>{NAMES}):\s+(?P<task>\S.*)$",
          "All DMLT: send suggestions to Simon", owner="names"),
    _rule("name-re-should", schema.ACTION,
          rf"^(?P<names>{NAMES}) (?P<task>(?:Re|re):? .*\bshould\b.*)$",
          "Jim and Simon Re: QAWG-REC-20 - we should revisit RFC-243", owner="names"),
]

#: Under an "Action items" heading every line is an action: where its owner is written.
ACTION_SECTION_RULES: list[Rule] = [
    _rule("list:owner-first", schema.ACTION, rf"^(?P<names>{NAMES})\s+(?P<task>[a-z]\S*\b.*)$",
          "Jane Doe send the budget table to the board", owner="names"),
    _rule("list:owner-after", schema.ACTION,
          rf"^(?P<task>.+?[.!?])\s+(?P<names>{NAMES})\.?$",
          "Renew the test server certificate. Jane Doe", owner="names"),
    _rule("list:owner-dash", schema.ACTION, rf"^(?P<task>.+?)\s+[-–—]\s+(?P<names>{NAMES})\.?$",
          "Renew the certificate - Jane Doe", owner="names"),
    _rule("list:owner-paren", schema.ACTION, r"^(?P<task>.+?)\s*[(\[](?P<names>[^()\[\]]+)[)\]]\.?$",
          "Send the draft (Stuart)", owner="names", strict=False),
    _rule("list:no-owner", schema.ACTION, r"^(?P<task>.+)$", "Schedule a splinter session", owner="none",
          strict=True),
]

#: "File the tickets (jdoe)", "… - Jane Doe": an owner at the end of what a marker starts.
OWNER_AFTER = _rule(
    "owner-after", schema.ACTION,
    rf"^(?P<task>.+?)\s*(?:[(\[](?P<names>[^()\[\]]+)[)\]]|\s[-–—]\s(?P<names2>{NAMES}))\.?$",
    "File the tickets (jdoe)", strict=False)
#: After an explicit action marker: how the rest names its owner.
MARKED_ACTION_FORMS: list[Rule] = [
    _rule("owner-will", schema.ACTION,
          rf"^(?P<names>{NAMES}|[\w.@-]+(?:(?:,? and |, | & )[\w.@-]+)*)\s+(?:{_VERBS_WILL})\s+(?P<task>.+)$",
          "jdoe to file the tickets", strict=False),
    _rule("owner-colon", schema.ACTION, rf"^(?P<names>{NAMES}|[\w.@-]+):\s+(?P<task>.+)$",
          "JD: file the tickets", strict=False),
    _rule("owner-first", schema.ACTION, rf"^(?P<names>{HANDLE})\s+(?P<task>.+)$", "@jdoe file the tickets",
          strict=False),
    _rule("owner-dash", schema.ACTION, rf"^(?P<names>{NAMES})\s+[-–—]\s+(?P<task>[a-z].+)$",
          "Marcela - summarize the cost estimates"),
    OWNER_AFTER,
    _rule("owner-leading", schema.ACTION, rf"^(?P<names>{NAMES})\s+(?P<task>[a-z]\S*\b.*)$",
          "Jane Doe file the tickets", strict=True),
]

#: Lines that look like records (for the report of an import that finds nothing).
LOOKS_LIKE_RECORD = re.compile(
    r"\b(?:action|actions|AI|TODO|to-?do|agreed?|agreement|decided?|decision|resolved?|resolution"
    r"|consensus|approved?|vote[ds]?|will|to do|owner|due|deadline)\b", re.I)

#: "PROPOSED: ..." then "RESOLVED" alone (W3C), "Motion: ..." then a vote a line or a list level
#: below it: the proposal is what was resolved.
PROPOSAL = re.compile(r"^(?:(?:PROPOSED|PROPOSAL|PROPOSED RESOLUTION|MOTION|POLL|STRAW POLL|VOTE)"
                      r"\s*:\s*(?![\d+-])"
                      r"|(?:Motion|Proposal)\s+(?=to\s)"
                      rf"|(?-i:{NAMES})\s+(?:made a motion|makes a motion|moved|moves)"
                      r"(?:\s*:\s*|\s+(?:to|that)\s+))"
                      r"(?P<text>\S.*)$", re.I)
BARE_RESOLUTION = re.compile(r"^(?:SO\s+)?(?:RESOLVED|AGREED|APPROVED|CARRIED|ADOPTED)\.?$", re.I)
MOTION = re.compile(r"\b(?:motion|proposal|proposed|poll|vote on|moved by|seconded|vote called)\b", re.I)
#: A heading over the results of the topic above it ("Conclusion/Resolution").
SECTION_DECIDED = re.compile(r"\b(?:conclusions?|resolutions?|decisions?|outcomes?|agreed|resolved)\b", re.I)
#: The words of a result, and of a count of votes ("5-0", "4 in favour", "For: 5, against: 0").
RESULT = re.compile(r"\b(?:passed|passes|carried|carries|accepted|approved|approves|adopted|rejected|declined"
                    r"|deferred|needs work|unanimous(?:ly)?"
                    r"|no objections?|nobody objected|stage\s+\d)\b", re.I)
TALLY = re.compile(r"\d+\s*(?:[-/:–]\s*\d+|(?:yes|no|in favou?r|for|against|abstain\w*|\+1|-1)\b)"
                   r"|\b(?:for|yes|in favou?r|against|no|abstain\w*|abstentions?)\s*:\s*\d+"
                   r"|\(\s*[+-]?\d+\s*,\s*\d+\s*,\s*[+-]?\d+\s*\)|^\|\s*\d+\s*\||^\+1\b", re.I)
_FILLER = re.compile(r"\b(?:the|a|this|it|is|was|has|been|motion|vote|voted|poll|proposal|resolution|result"
                     r"|so|and|with|by|unanimously|unanimous|in favou?r|for|against|abstain\w*|abstentions?"
                     r"|yes|no|carries|carried|passes|passed|accepted|approved|approves|adopted|rejected|declined|deferred"
                     r"|needs work|agreed"
                     r"|nobody|objected|objections?|stage|phase|\d+|[+-])\b", re.I)


def bare_result(text: str) -> bool:
    """A result that does not say what it decides: "Accepted.", "Motion passed (5-0).",
    "Stage 3", "APPROVED (+6, 0, -0)", "For: 5, against: 0, abstain: 1"."""
    text = re.sub(r"\s*\|.*$", "", text)  # "Approved | #24575 | Video": the cells after it are links
    text = re.sub(r"\([^()]*\)", " ", text)  # "accepted (Hash#fetch_many)"
    if not (RESULT.search(text) or TALLY.search(text)):
        return False
    said = re.sub(rf"^(?:{NAMES}|\S+):\s*", "", text)  # "hiro: accepted", "Dani, Nick: approves"
    return len(re.sub(r"[^\w\s]", " ", _FILLER.sub(" ", said)).split()) <= 1


def negated(text: str) -> bool:
    """"No consensus ...", "did not decide": a sentence about a decision not taken."""
    head = text[:60]
    if re.match(r"^no objections?\b", text.strip(), re.I):
        return False  # "No objections." is a result
    return bool(re.search(r"\b(?:no|not|n't|never|without)\s+(?:\w+\s+)?(?:decision|decided|decide"
                          r"|consensus|agreement|agreed|agree|resolution|resolved|approved)", head, re.I)) \
        or bool(re.match(r"^(?:no|not|without|until|unless)\b", text.strip(), re.I))


__all__ = [
    "ACTION_RULES",
    "ACTION_SECTION_RULES",
    "DECISION_RULES",
    "MARKED_ACTION_FORMS",
    "SECTIONS",
    "Rule",
    "is_task",
    "looks_like_names",
    "negated",
    "section_role",
]

#: Inside what was decided: an owner the decision names ("decided that Brett would start …").
DECIDED_ACTION = _rule(
    "decided-owner", schema.ACTION,
    rf"^(?P<names>{NAMES})\s+(?:would|will|should|is to|are to|shall|to)\s+(?P<task>[a-z].+)$",
    "It was decided that Brett would start a discussion", owner="names")


# -- the tables in use ------------------------------------------------------------------
@dataclass(frozen=True)
class Tables:
    """The rules an import applies: these defaults, with a team's own rows first
    (``docs/registry/import.yaml``, read by ``importer.style``)."""

    decision_rules: tuple[Rule, ...]
    action_rules: tuple[Rule, ...]
    marked_forms: tuple[Rule, ...]
    sections: tuple[tuple[str, re.Pattern[str]], ...]
    style: tuple[Rule, ...] = ()  # the team's own rows, as read from its file
    #: the markers of the log's own record types ("Risk: …"), tried before the others
    own_rules: tuple[Rule, ...] = ()


DEFAULT_TABLES = Tables(tuple(DECISION_RULES), tuple(ACTION_RULES), tuple(MARKED_ACTION_FORMS),
                        tuple(_SECTION_PATTERNS))
_ACTIVE: ContextVar[Tables] = ContextVar("dmlog_import_vocabulary", default=DEFAULT_TABLES)


def tables() -> Tables:
    """The tables of the import under way (the defaults outside one)."""
    return _ACTIVE.get()


@contextmanager
def using(active: Tables) -> Iterator[Tables]:
    """Apply ``active`` within the block (one import), the defaults again after it."""
    token = _ACTIVE.set(active)
    try:
        yield active
    finally:
        _ACTIVE.reset(token)
