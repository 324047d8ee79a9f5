"""A member's daily study home (学习强国's first screen, for Xianfeng).

- today.py: the 今日学习 panel's reads: where to continue (the last studied, incomplete section:
  a link to its anchor on the study page, which resumes at the position), assignments due,
  today's points per reason against each rule's daily cap, and the streak of study days
  (consecutive local days with credited study time in StudyCredit; a streak that reached
  yesterday holds until today ends). Reading stories does not make a study day: it is not
  study time (学时).
- reading.py: points for reading a story (PointsReason.STORY_READ, default 1 point, 6 a day,
  changeable under 积分规则), credited on an honest clock: visible, active reading time
  counted by the page, bounded by the server to the real time between reports and shared
  between stories open at once, up to the story's reading time (length over 8 characters a
  second, 30 s to 3 min). A story pays once per member, ever.
- api.py: POST /api/learning/reading/, the reading clock's reports.
- hooks.py: the panel on the home page (cms slot "home") and /me/ (MEMBER_RECORD_SECTION),
  the clock on story pages (cms slot "story"); signed-in members only.

The player (learning/static/learning/study.js) has a speed control and Media Session
controls; a segment is reported no longer than the wall-clock time it took, so speed never
adds study time (tests/learning/test_player_speed.py).
"""
