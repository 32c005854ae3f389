Feature: The rules of a plan year
  A plan year is opened from the rules file the board publishes. A file with a mistake is
  refused whole, naming the key at fault, and nothing is recorded. The rules can be
  amended until the enrollment window opens; from then on they are frozen.

  Rule: An invalid rules file is refused, naming the key, and nothing is recorded

    Scenario Outline: A mistake in the published rules
      Given the published rules of 2026-2027 with the line <line> written as <written as>
      When the administrator opens a plan year from that file
      Then the command is refused as bad input naming "<key>"
      And no plan year is on record

      Examples:
        | line                       | written as                  | key                       |
        | amount = "120.00"          | amount = "-120.00"          | contribution.amount       |
        | 3 = "0.70"                 | 3 = "1.70"                  | claims.ratio.inpatient.3  |
        | window_closes = 2026-11-30 | window_closes = 2027-09-30  | enrollment.window_closes  |
        | annual_cap = "200000.00"   | anual_cap = "200000.00"     | claims.annual_cap         |
        | deadline_days = 180        | deadline_days = "soon"      | claims.deadline_days      |
        | currency = "CNY"           | currency = ""               | currency                  |

  Rule: Plan years do not overlap

    Scenario: A year that starts before the previous one ends is refused
      Given the plan year 2026-2027 is open with its published rules
      When the administrator opens the plan year 2027-2028 from 2027-08-01 to 2028-07-31
      Then the command is refused by the rule "overlapping plan years"
      And plan year 2027-2028 is not on record

    Scenario: The following year opens when it does not overlap
      Given the plan year 2026-2027 is open with its published rules
      When the administrator opens the plan year 2027-2028 from 2027-09-01 to 2028-08-31
      Then plan year 2027-2028 is on record

  Rule: Rules are amended only before the enrollment window opens

    Scenario Outline: Amending the contribution
      Given the plan year 2026-2027 was opened on 2026-07-01 with its published rules
      When the board amends the contribution to 130.00 on <date>
      Then the amendment is <outcome>

      Examples:
        | date       | outcome                          |
        | 2026-08-31 | accepted                         |
        | 2026-09-01 | refused by the rule rules frozen |
