Feature: Enrollment in a plan year
  Each academic year families enroll their children by paying the year's contribution
  during the enrollment window. Children of hardship families are enrolled free: the
  government subsidy pays their share. The rules are those published for 2026-2027:
  120.00 per child, 140.00 for children born after 31 August 2021, a window from
  1 September to 30 November 2026, 90 days' wait for late joiners, newborns covered from
  birth when enrolled within 90 days.

  Background:
    Given the plan year 2026-2027 is open with its published rules

  Rule: A child pays exactly the year's amount for its age band

    Scenario Outline: The amount due depends on the date of birth
      Given a child <member> born <born> is registered
      When the family pays <amount> for <member> in 2026-2027 on 2026-09-15 with receipt <receipt>
      Then <member> is enrolled in 2026-2027 having paid <amount>

      Examples:
        | member | born       | amount | receipt |
        | M1     | 2015-05-01 | 120.00 | R1      |
        | M2     | 2021-08-31 | 120.00 | R2      |
        | M3     | 2021-09-01 | 140.00 | R3      |
        | M4     | 2026-06-30 | 140.00 | R4      |

    Scenario Outline: Any other amount is refused and records nothing
      Given a child M1 born 2015-05-01 is registered
      When the family pays <amount> for M1 in 2026-2027 on 2026-09-15 with receipt R1
      Then the command is refused by the rule "contribution amount"
      And M1 is not enrolled in 2026-2027

      Examples:
        | amount |
        | 100.00 |
        | 140.00 |
        | 120.01 |

  Rule: Inside the window cover starts with the year; after it, after a waiting period

    Scenario Outline: The first day of cover
      Given a child <member> born <born> is registered
      When the family pays for <member> in 2026-2027 on <paid> with receipt <receipt>
      Then <member> is covered in 2026-2027 from <covered from>

      Examples: Enrolled inside the window
        | member | born       | paid       | receipt | covered from |
        | M1     | 2015-05-01 | 2026-09-01 | R1      | 2026-09-01   |
        | M2     | 2015-05-01 | 2026-11-30 | R2      | 2026-09-01   |

      Examples: Late joiners wait 90 days from payment
        | member | born       | paid       | receipt | covered from |
        | M3     | 2015-05-01 | 2026-12-01 | R3      | 2027-03-01   |
        | M4     | 2015-05-01 | 2027-01-15 | R4      | 2027-04-15   |

      Examples: Newborns enrolled within 90 days of birth are covered from birth
        | member | born       | paid       | receipt | covered from |
        | M5     | 2026-10-20 | 2027-01-18 | R5      | 2026-10-20   |
        | M6     | 2026-10-20 | 2027-01-19 | R6      | 2027-04-19   |
        | M7     | 2026-10-05 | 2026-11-02 | R7      | 2026-10-05   |

    Scenario: A late joiner whose cover would begin after the year ends is refused
      Given a child M1 born 2015-05-01 is registered
      When the family pays for M1 in 2026-2027 on 2027-06-15 with receipt R1
      Then the command is refused by the rule "late waiting period"
      And M1 is not enrolled in 2026-2027

    Scenario: Contributions are not taken before the window opens
      Given a child M1 born 2015-05-01 is registered
      When the family pays for M1 in 2026-2027 on 2026-08-31 with receipt R1
      Then the command is refused by the rule "enrollment window"

  Rule: Children over 18 on the year's start are refused

    Scenario Outline: The age limit on 1 September 2026
      Given a child <member> born <born> is registered
      When the family pays for <member> in 2026-2027 on 2026-09-15 with receipt <receipt>
      Then the enrollment of <member> is <outcome>

      Examples:
        | member | born       | receipt | outcome                       |
        | M1     | 2008-09-01 | R1      | accepted                      |
        | M2     | 2007-09-02 | R2      | accepted                      |
        | M3     | 2007-09-01 | R3      | refused by the rule age limit |

  Rule: A child is registered once

    Scenario: Registering the same member number twice is an error
      Given a child M1 born 2015-05-01 is registered
      When a child M1 born 2016-01-01 is registered again
      Then the command is refused by the rule "member numbers are unique"

  Rule: A hardship child is enrolled without paying; the subsidy becomes receivable

    Scenario Outline: The subsidy owed is the year's amount for the child
      Given a <category> child <member> born <born> is registered with evidence <evidence>
      When <member> is enrolled in 2026-2027 on 2026-09-20 with receipt <receipt>
      Then <member> is enrolled in 2026-2027 having paid 0.00
      And the subsidy receivable is <subsidy>

      Examples:
        | category         | member | born       | evidence | receipt | subsidy |
        | low-income       | H1     | 2015-05-01 | EV-1     | R1      | 120.00  |
        | special-hardship | H2     | 2022-01-01 | EV-2     | R2      | 140.00  |
        | disabled         | H3     | 2012-03-04 | EV-3     | R3      | 120.00  |

    Scenario: A hardship child is not asked to pay
      Given a low-income child H1 born 2015-05-01 is registered with evidence EV-1
      When the family pays 120.00 for H1 in 2026-2027 on 2026-09-15 with receipt R1
      Then the command is refused by the rule "hardship enrollment"

    Scenario: One enrollment per child and year
      Given a child M1 born 2015-05-01 is registered
      And the family paid for M1 in 2026-2027 on 2026-09-15 with receipt R1
      When the family pays for M1 in 2026-2027 on 2026-09-16 with receipt R2
      Then the command is refused by the rule "one enrollment per year"
