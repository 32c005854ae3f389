Feature: Facts that change, from a date
  A child's details are corrected, a family's hardship status starts or ends, a hospital changes
  level or leaves the list of designated hospitals. Each change is recorded with the date it
  holds from, and every decision asks what the facts were on its own day: the hardship status on
  the day a family enrolls decides whether it pays; the status on the day of admission decides
  medical assistance; the hospital's level on the day of admission decides the ratio and the
  deductible. What was decided stays decided: a contribution paid is not refunded, and an
  approved claim changes only by a correction. Rules of 2026-2027: contribution 120.00 (140.00
  for children born after 2021-08-31), age limit 18, deductible 100.00, inpatient ratios 0.90 /
  0.80 / 0.70 by level, assistance ratio 0.20.

  Background:
    Given the plan year 2026-2027 is open with its published rules
    And designated hospitals H1 of level 1, H2 of level 2 and H3 of level 3
    And a child M1 born 2015-05-01 is registered

  Rule: The hardship status on the day a family enrolls decides whether it pays

    Scenario Outline: A hardship status starting before or after the enrollment
      Given M1 is a low-income child from <from> with evidence DB-7
      When M1 is enrolled in 2026-2027 on 2026-09-10 with receipt R1
      Then M1 is enrolled in 2026-2027 having paid <paid>
      And the subsidy payer owes <subsidy> for M1

      Examples:
        | from       | paid   | subsidy |
        | 2026-09-01 | 0.00   | 120.00  |
        | 2026-09-10 | 0.00   | 120.00  |
        | 2026-09-11 | 120.00 | 0.00    |

    Scenario: A contribution paid is not refunded when hardship starts later in the year
      Given M1 was enrolled in 2026-2027 on 2026-09-10 with receipt R1
      When M1 becomes a low-income child from 2026-10-01 with evidence DB-7
      Then M1 is enrolled in 2026-2027 having paid 120.00
      And the fund's cash is 120.00

    Scenario: A hardship status dated before a contribution already paid is refused
      Given M1 was enrolled in 2026-2027 on 2026-09-10 with receipt R1
      When M1 becomes a low-income child from 2026-09-01 with evidence DB-7
      Then the command is refused by the rule "hardship from a date"
      And M1 has no hardship status on 2026-09-10

    Scenario: A hardship status that ends before an enrollment
      Given M1 is a low-income child from 2026-07-01 with evidence DB-7
      And M1's hardship status ends from 2026-09-05
      When M1 is enrolled in 2026-2027 on 2026-09-10 with receipt R1
      Then M1 is enrolled in 2026-2027 having paid 120.00

  Rule: The hardship status on the day of admission decides medical assistance

    Scenario Outline: Medical assistance by the status on the admission date
      Given M1 was enrolled in 2026-2027 on 2026-09-10 with receipt R1
      And M1 is a low-income child from 2026-10-01 with evidence DB-7
      When M1 claims C1 at H3 for an admission on <admitted>, billed 10000.00 with 10000.00 in scope
      Then the fund pays 6930.00 and medical assistance pays <assistance>

      Examples:
        | admitted   | assistance |
        | 2026-09-20 | 0.00       |
        | 2026-10-01 | 2000.00    |

  Rule: A corrected date of birth keeps each enrollment as it was made, unless it would have refused it

    Scenario: A corrected date of birth moves the child into another age band
      Given M1 was enrolled in 2026-2027 on 2026-09-10 with receipt R1
      When M1's date of birth is corrected to 2022-03-01 because "birth certificate"
      Then M1 is born 2022-03-01
      And M1 is enrolled in 2026-2027 having paid 120.00
      And the enrollment of 2026-2027 is kept at 120.00, where 140.00 would be due now

    Scenario: A corrected date of birth over the age limit is refused while the child is enrolled
      Given M1 was enrolled in 2026-2027 on 2026-09-10 with receipt R1
      When M1's date of birth is corrected to 2007-05-01 because "passport"
      Then the command is refused by the rule "age limit"
      And M1 is born 2015-05-01

    Scenario: Over the age limit, once the enrollment is reversed, the date is corrected
      Given M1 was enrolled in 2026-2027 on 2026-09-10 with receipt R1
      And receipt R1 was reversed on 2026-09-12 because "the child is too old"
      When M1's date of birth is corrected to 2007-05-01 because "passport"
      Then M1 is born 2007-05-01
      And the fund's cash is 0.00

    Scenario: A name and a guardian corrected, with the reason on the record
      When M1's name is corrected to "Li Xiaoming" and the guardian to "Li Na" because "school records"
      Then M1 is called "Li Xiaoming" with guardian "Li Na"
      And M1's history shows the registration, then the correction

  Rule: A claim is assessed with the hospital's level on the admission date

    Scenario Outline: A hospital that changes level
      Given M1 was enrolled in 2026-2027 on 2026-09-10 with receipt R1
      And H2 is level 3 from 2026-11-01
      When M1 claims C1 at H2 for an admission on <admitted>, billed 10000.00 with 10000.00 in scope
      Then claim C1 is assessed at base 10000.00, deductible 100.00, ratio <ratio>

      Examples:
        | admitted   | ratio |
        | 2026-10-31 | 0.80  |
        | 2026-11-01 | 0.70  |

    Scenario: A level change entered late reassesses a claim still waiting for approval
      Given M1 was enrolled in 2026-2027 on 2026-09-10 with receipt R1
      And M1 claimed C1 at H2 for an admission on 2026-11-05, billed 10000.00 with 10000.00 in scope
      And M1 claimed C2 at H2 for an admission on 2026-11-06, billed 10000.00 with 10000.00 in scope, approved
      When H2 is level 3 from 2026-11-01
      And claim C1 is approved on 2026-11-20
      Then claim C1 pays 6930.00, assessed again at level 3
      And claim C2 still pays 7920.00 at level 2

  Rule: No admission on or after a hospital's delisting is covered

    Scenario Outline: Claims at a delisted hospital
      Given M1 was enrolled in 2026-2027 on 2026-09-10 with receipt R1
      And H1 is delisted from 2026-12-01 because "licence withdrawn"
      When M1 claims C1 at H1 for an admission on <admitted>, billed 1000.00 with 1000.00 in scope
      Then the claim is <outcome>

      Examples:
        | admitted   | outcome                                        |
        | 2026-11-30 | assessed                                       |
        | 2026-12-01 | refused by the rule "designated hospital"      |

    Scenario: A delisting dated before a claim the fund accepted is refused
      Given M1 was enrolled in 2026-2027 on 2026-09-10 with receipt R1
      And M1 claimed C1 at H1 for an admission on 2026-12-05, billed 1000.00 with 1000.00 in scope
      When H1 is delisted from 2026-12-01 because "licence withdrawn"
      Then the command is refused by the rule "designated hospital"
      And H1 is designated on 2026-12-05

  Rule: Answers as of a past date show the facts as they stood then

    Scenario: A child's hardship status and a hospital's level, before and after
      Given M1 is a low-income child from 2026-10-01 with evidence DB-7
      And H2 is level 3 from 2026-11-01
      Then as of 2026-09-30 M1 has no hardship status and H2 is level 2
      And as of 2026-11-01 M1 is a low-income child and H2 is level 3
