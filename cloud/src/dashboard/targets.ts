/**
 * The business case's targets (Copenhagen, "Online syge- og hjemmepleje med skærmbesøg", ../shared/seeds/004_*,
 * §3 and §8 "Opfølgning"): 115 citizens receive screen visits and up to 75 staff give them ("ved optælling"),
 * and on average 10 min/week per citizen from less travel, plus 15 min/week from 2017 and 20 min/week from 2019
 * from more focused visits ("ved tidsmåling"). The dashboard shows each measure against these lines.
 */
export const BUSINESS_CASE_TARGETS = {
  activeCitizens: 115,
  activeStaff: 75,
  /** Minutes saved per active citizen per week: travel only, +2017 focus, +2019 focus (as the case states them). */
  minutesSavedPerCitizenWeek: [10, 15, 20],
} as const;
