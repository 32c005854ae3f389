Feature: Operators and their roles
  The fund's work is shared among people in roles, so that no one person can register a child,
  claim for it, approve the claim and pay it. A manager adds and removes operators and opens,
  amends and closes plan years; a clerk registers children and hospitals, enrolls them, imports
  rosters, submits claims and records appeals; an assessor approves, rejects and corrects claims
  and decides appeals; a treasurer runs payouts and records donations, remittances and the
  bank's statements; an auditor only reads. Everyone on record may read. Until the first
  operator, a manager, is on record the fund runs open, as a fund with one administrator does.
  Rules of 2026-2027: deductible 100.00, inpatient ratio 0.70 at level 3.

  Background:
    Given the plan year 2026-2027 is open with its published rules
    And designated hospitals H1 of level 1, H2 of level 2 and H3 of level 3
    And M1, born 2015-05-01, enrolled on 2026-09-10 for 120.00

  Rule: Each operator does only what their role allows

    Scenario Outline: Who may do what
      Given the fund's operators are Wang, a manager, Li, a clerk, Zhang and Zhao, assessors, Chen, a treasurer, and Zhou, an auditor
      When <operator> sets out to <work>
      Then it is <outcome>

      Examples: each role at its own work, and at another's
        | operator | work                       | outcome                       |
        | Li       | submit a claim             | allowed                       |
        | Li       | approve a claim            | refused by the rule "roles"   |
        | Zhang    | approve a claim            | allowed                       |
        | Zhang    | run a payout               | refused by the rule "roles"   |
        | Chen     | run a payout               | allowed                       |
        | Chen     | open a plan year           | refused by the rule "roles"   |
        | Wang     | add an operator            | allowed                       |
        | Wang     | approve a claim            | refused by the rule "roles"   |
        | Zhou     | read the balances          | allowed                       |
        | Zhou     | enroll a child             | refused by the rule "roles"   |
        | Sun      | read the balances          | refused by the rule "operators on record" |

    Scenario: An operator removed is refused from then on
      Given the fund's operators are Wang, a manager, Li, a clerk, Zhang and Zhao, assessors, Chen, a treasurer, and Zhou, an auditor
      And Wang removed Chen on 2026-10-01 because "left the fund"
      When Chen sets out to run a payout
      Then it is refused by the rule "operators on record"
      And Chen is on the list of operators as it stood on 2026-09-30, and not on 2026-10-02

  Rule: No one approves or corrects a claim they submitted, even after a change of role

    Scenario: A clerk's claim is approved by an assessor
      Given the fund's operators are Wang, a manager, Li, a clerk, Zhang and Zhao, assessors, Chen, a treasurer, and Zhou, an auditor
      And Li submitted claim C1 for M1 at H3 for an admission on 2026-10-01, billed 3000.00 with 1000.00 in scope
      When Zhang approves claim C1 on 2026-10-20
      Then claim C1 pays 630.00

    Scenario: No one approves their own claim
      Given the fund's operators are Wang, a manager, Li, a clerk, Zhang and Zhao, assessors, Chen, a treasurer, and Zhou, an auditor
      And Li submitted claim C1 for M1 at H3 for an admission on 2026-10-01, billed 3000.00 with 1000.00 in scope
      And Wang made Li an assessor on 2026-10-15
      When Li approves claim C1 on 2026-10-20
      Then it is refused by the rule "four eyes"
      And claim C1 is still waiting for approval

    Scenario: A promoted clerk still cannot correct what she submitted
      Given the fund's operators are Wang, a manager, Li, a clerk, Zhang and Zhao, assessors, Chen, a treasurer, and Zhou, an auditor
      And Li submitted claim C1 for M1 at H3 for an admission on 2026-10-01, billed 3000.00 with 1000.00 in scope
      And Zhang approved claim C1 on 2026-10-20
      And Wang made Li an assessor on 2026-10-25
      When Li corrects claim C1 to 800.00 in scope on 2026-10-30
      Then it is refused by the rule "four eyes"
      When Zhao corrects claim C1 to 800.00 in scope on 2026-10-30
      Then it is allowed

    Scenario: Claims approved by the thousand leave one's own claims to another assessor
      Given the fund's operators are Wang, a manager, Li, a clerk, Zhang and Zhao, assessors, Chen, a treasurer, and Zhou, an auditor
      And Li submitted claim C1 for M1 at H3 for an admission on 2026-10-01, billed 3000.00 with 1000.00 in scope
      And Wang made Sun a clerk on 2026-10-12
      And Sun submitted claim C2 for M1 at H3 for an admission on 2026-10-03, billed 2000.00 with 500.00 in scope
      And Wang made Li an assessor on 2026-10-15
      When Li approves every assessed claim on 2026-10-20
      Then claim C2 pays 280.00
      And claim C1 is left for another assessor, still waiting for approval

  Rule: An appeal is decided by an assessor other than the one whose decision it contests

    Scenario: The assessor who rejected a claim does not decide its appeal
      Given the fund's operators are Wang, a manager, Li, a clerk, Zhang and Zhao, assessors, Chen, a treasurer, and Zhou, an auditor
      And Li submitted claim C1 for M1 at H3 for an admission on 2026-10-01, billed 3000.00 with 1000.00 in scope
      And Zhang rejected claim C1 as INCOMPLETE_DOCUMENTS on 2026-10-20
      And Li recorded the family's appeal on claim C1 on 2026-11-02 because "the discharge summary is attached"
      When Zhang overturns the appeal on claim C1 on 2026-11-10
      Then it is refused by the rule "four eyes"
      When Zhao overturns the appeal on claim C1 on 2026-11-10
      Then it is allowed
      And C1's history shows who did what: Li submitted, Zhang rejected, Li recorded the appeal, Zhao decided it

  Rule: The fund runs open until its first operator, a manager, is on record; it always keeps a manager

    Scenario: Before any operator is on record anyone may do anything
      Given no operator is on record
      When Li sets out to approve a claim
      Then it is allowed

    Scenario: The first operator on record is a manager
      Given no operator is on record
      When Wang adds Li as a clerk
      Then it is refused by the rule "the first operator is a manager"
      And no operator is on record

    Scenario: The fund's only manager cannot be removed
      Given the fund's operators are Wang, a manager, Li, a clerk, Zhang and Zhao, assessors, Chen, a treasurer, and Zhou, an auditor
      When Wang removes Wang
      Then it is refused by the rule "a fund keeps a manager"
