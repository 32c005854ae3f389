Feature: The board's decisions
  The board sets next year's contribution from the claims of past years, spending set by
  what comes in; it tries a proposal on last year's claims before it adopts it; schools are
  reminded of the families who have not renewed; and families and donors see the cases the
  fund paid, without learning whose child was ill. Rules of 2026-2027: contribution 120.00,
  deductible 100.00, inpatient ratio 0.70 at level 3.

  Background:
    Given the plan year 2026-2027 is open with its published rules
    And designated hospitals H1 of level 1, H2 of level 2 and H3 of level 3

  Rule: The suggested contribution is next year's cost per child over the target loss ratio, rounded up to the yuan

    Scenario Outline: A suggested rate from the claims of the years that have ended
      Given plan years that have ended with <children> children each and benefits of <benefits>
      When the board asks for next year's contribution at a target loss ratio of <target>
      Then the cost per child grew <trend> a year
      And the suggested contribution is <suggested> yuan per child

      Examples: the cost per child trended one year on, over the target
        | children    | benefits             | target | trend   | suggested |
        | 1000        | 100000.00            | 0.90   | 0.00 %  | 112       |
        | 1000 / 1000 | 100000.00 / 121000.00 | 0.90   | 21.00 % | 163       |
        | 1000 / 1000 | 100000.00 / 121000.00 | 0.80   | 21.00 % | 184       |
        | 800 / 1000  | 80000.00 / 90000.00   | 0.90   | -10.00 % | 90       |

    Scenario: A year still running is shown but not used
      Given plan years that have ended with 1000 children each and benefits of 100000.00
      And a year still running with 1000 children and benefits of 5000.00
      When the board asks for next year's contribution at a target loss ratio of 0.90
      Then the suggested contribution is 112 yuan per child

  Rule: A proposal is tried on a past year's claims, with the same assessment, recording nothing

    Scenario: A proposal that lowers the deductible raises the loss ratio
      Given M1, born 2015-05-01, enrolled on 2026-09-10 for 120.00
      And M1 claimed C1 for inpatient treatment at H3 billed 1000.00 with 400.00 in scope, approved
      When the board tries the published rules with an inpatient deductible of 0.00 on the claims of 2026-2027
      Then the claims would pay 280.00 instead of 210.00
      And the loss ratio would be 233.33 % instead of 175.00 %
      And the reserve would receive 70.00 less
      And nothing new is on record

  Rule: Renewal reminders list last year's children not yet enrolled this year, with their school

    Scenario: The families to remind, by school
      Given M1 of Sunrise Primary was enrolled in 2026-2027 for 120.00
      And M2 of Riverside Middle was enrolled in 2026-2027 for 120.00
      And the plan year 2027-2028 is open
      And M1 renewed for 2027-2028
      Then the renewal reminders for 2027-2028 list M2 of Riverside Middle only

  Rule: The public notice of cases paid shows the case, never the family

    Scenario: A case paid, as the public sees it
      Given C20260001, born 2015-05-01, enrolled on 2026-09-10 for 120.00
      And C20260001 claimed C1 for inpatient treatment at H3 billed 1000.00 with 1000.00 in scope, approved
      And the fund holds 5000.00 in cash
      And a payout run was made on 2027-01-10
      Then the notice of the cases paid in 2027-01 shows case 1: member C2*****01, aged 11, level 3, inpatient, paid 630.00 on 2027-01-10
      And it names neither the child, the guardian nor the bill
