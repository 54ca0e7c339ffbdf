//! Deep and wide hierarchies through the public text API: a chain 10,000 levels deep is
//! calculated (levels, group sales, compressed overrides) and reported with no recursion that
//! grows with depth. A recursive walk would overflow the test thread's stack long before.
//!
//! Both run in every `cargo test` (debug included): a team of 20,000 and one of 100,000 agents,
//! about 4 s together in a debug build.

use serde_json::Value;

const CHAIN: usize = 10_000;

/// 10 % commissions, overrides on two generations (10 % and 5 % of the commission) with
/// compression, and two levels: `member`, and `leader` (group sales 1,000 and 2 recruits over
/// 12 months, a 1 % bonus).
const PLAN: &str = r#"{
  "currency": "USD",
  "plans": [{ "id": "standard", "rules": [{ "id": "all", "percent": "10" }], "compress": true,
              "overrides": [{ "generation": 1, "percent": "10" }, { "generation": 2, "percent": "5" }] }],
  "levels": [
    { "id": "member", "rank": 1, "plan": "standard" },
    { "id": "leader", "rank": 2, "plan": "standard", "window": { "months": 12 },
      "requires": { "group_sales": "1000", "recruits": 2 }, "bonus_percent": "1" }
  ]
}"#;

/// Agents c0 <- c1 <- ... <- c9999 (a chain) and w0..w(wide-1), each under chain agent
/// c(k % 10000); all hold `member` and are operational. Every chain agent and every tenth wide
/// agent sells 100.00 once.
fn sales(wide: usize) -> String {
    let mut agents = Vec::with_capacity(CHAIN + wide);
    let mut invoices = Vec::new();
    for i in 0..CHAIN {
        let upline = if i == 0 {
            String::new()
        } else {
            format!(r#""upline":"c{}","#, i - 1)
        };
        agents.push(format!(
            r#"{{"id":"c{i}",{upline}"level":"member","activation":"operational"}}"#
        ));
        invoices.push(format!(
            r#"{{"id":"IC{i}","date":"2026-05-01","agents":[{{"id":"c{i}"}}],"lines":[{{"unit_price":"100.00"}}]}}"#
        ));
    }
    for k in 0..wide {
        agents.push(format!(
            r#"{{"id":"w{k}","upline":"c{}","level":"member","activation":"operational"}}"#,
            k % CHAIN
        ));
        if k % 10 == 0 {
            invoices.push(format!(
                r#"{{"id":"IW{k}","date":"2026-05-02","agents":[{{"id":"w{k}"}}],"lines":[{{"unit_price":"100.00"}}]}}"#
            ));
        }
    }
    format!(
        r#"{{"as_of":"2026-06-30","agents":[{}],"invoices":[{}]}}"#,
        agents.join(","),
        invoices.join(",")
    )
}

fn total<'a>(result: &'a Value, agent: &str) -> &'a Value {
    &result["totals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["agent"] == agent)
        .unwrap()["amount"]
}

/// Calculates and reports the team; `root_total` and `group_sales` are c0's expected total and
/// group sales, `team` the size of c9998's team (itself, c9999 and their wide recruits).
fn check(wide: usize, root_total: &str, group_sales: &str, team: usize) {
    let sales = sales(wide);
    // The whole team is calculated; only four agents are written out.
    let options = r#"{"explain":false,"agents":["c0","c1","c9998","c9999"]}"#;
    let result: Value = serde_json::from_str(&commission_engine::calculate_json(PLAN, &sales, options).unwrap()).unwrap();

    // c9999 sells 100.00: 10.00, and no downline of its own sells.
    assert_eq!(total(&result, "c9999"), "10.00");
    // c9998: 10.00 + generation 1 on c9999's 10.00 = 11.00.
    assert_eq!(total(&result, "c9998"), "11.00");
    assert_eq!(total(&result, "c0"), root_total);
    let levels = result["levels"].as_array().unwrap();
    assert_eq!(levels.len(), 4);
    assert_eq!(levels[0]["agent"], "c0");
    assert_eq!(levels[0]["qualified"], "leader");
    assert_eq!(levels[0]["change"], "promote");
    assert_eq!(levels[0]["measures"]["group_sales"], group_sales);
    assert_eq!(levels[3]["agent"], "c9999");
    assert_eq!(levels[3]["measures"]["group_sales"], "100.00");

    // The report of c9998's team: c9998, c9999 and their wide recruits, depths from the root.
    let report: Value =
        serde_json::from_str(&commission_engine::hierarchy_json(PLAN, &sales, r#"{"agents":["c9998"]}"#).unwrap()).unwrap();
    let agents = report["agents"].as_array().unwrap();
    let ids: Vec<&str> = agents.iter().map(|a| a["agent"].as_str().unwrap()).collect();
    let depth = |id: &str| agents.iter().find(|a| a["agent"] == id).unwrap()["depth"].as_u64().unwrap();
    assert_eq!(ids.len(), team);
    // Preorder: c9998, then c9999 followed by its own recruits, then c9998's wide recruits.
    assert_eq!((ids[0], ids[1], ids[2]), ("c9998", "c9999", "w9999"));
    assert_eq!(ids[team / 2 + 1], "w9998");
    assert_eq!(depth("c9999"), 9_999);
    assert_eq!(depth("w9999"), 10_000);
    assert_eq!(agents[0]["group_sales"], "200.00");
    assert_eq!(agents[0]["downline"], team as u64 - 1);
}

#[test]
fn a_chain_10_000_deep_in_a_team_of_20_000() {
    // c0: 10.00 own, generation 1 on c1 (1.00) and on w0 (1.00), generation 2 on c2 (0.50),
    // and the leader bonus, 1 % of 100.00 = 1.00: 13.50. Group: (10,000 + 1,000) x 100.00.
    check(10_000, "13.50", "1100000.00", 4);
}

#[test]
fn a_chain_10_000_deep_in_a_team_of_100_000() {
    // c0 has 9 wide recruits that sell (w0, w10000, ..., w80000): 10.00 + 1.00 + 0.50 + 9 x
    // 1.00 + 1.00 bonus = 21.50. Group: (10,000 + 9,000) x 100.00.
    check(90_000, "21.50", "1900000.00", 20);
}

/// A chain c0 <- c1 <- ... <- c9999 reorganised on one date: from 2026-06-01 every agent from c2
/// down reports to the agent two above it (`history`), so the chain splits in two.
fn reorganised_chain() -> String {
    let agents: Vec<String> = (0..CHAIN)
        .map(|i| match i {
            0 => r#"{"id":"c0"}"#.to_string(),
            1 => r#"{"id":"c1","upline":"c0"}"#.to_string(),
            _ => format!(
                r#"{{"id":"c{i}","upline":"c{}","history":[{{"from":"2026-06-01","upline":"c{}"}}]}}"#,
                i - 1,
                i - 2
            ),
        })
        .collect();
    let invoice = |id: &str, date: &str| {
        format!(r#"{{"id":"{id}","date":"{date}","agents":[{{"id":"c9999"}}],"lines":[{{"unit_price":"100.00"}}]}}"#)
    };
    format!(
        r#"{{"agents":[{}],"invoices":[{},{}]}}"#,
        agents.join(","),
        invoice("MAY", "2026-05-10"),
        invoice("JUNE", "2026-06-10")
    )
}

#[test]
fn a_chain_10_000_deep_reorganised_on_one_date_pays_each_sale_up_its_own_chart() {
    let plan = r#"{"currency":"USD","plans":[{"id":"standard","rules":[{"id":"all","percent":"10"}],
        "overrides":[{"generation":1,"percent":"10"},{"generation":2,"percent":"5"}]}],
        "assignments":[{"agent":"c9999","plan":"standard"}]}"#;
    let result: Value =
        serde_json::from_str(&commission_engine::calculate_json(plan, &reorganised_chain(), r#"{"explain":false}"#).unwrap())
            .unwrap();
    // c9999 earns 10.00 twice. In May (old chart) c9998 is generation 1 (1.00) and c9997
    // generation 2 (0.50); in June (new chart) c9997 is generation 1 (1.00) and c9995 generation 2
    // (0.50).
    assert_eq!(total(&result, "c9999"), "20.00");
    assert_eq!(total(&result, "c9998"), "1.00");
    assert_eq!(total(&result, "c9997"), "1.50");
    assert_eq!(total(&result, "c9995"), "0.50");
    assert_eq!(result["totals"].as_array().unwrap().len(), 4);
}

#[test]
fn histories_past_the_agent_dates_limit_are_limit_exceeded() {
    // 20,000 agents, 5,001 of them changing on a date of their own: 20,000 x 5,002 agent-dates
    // is past the limit of 100,000,000.
    let agents: Vec<String> = (0..20_000u64)
        .map(|i| {
            if i < 5_001 {
                // Day i of a 28-day, 12-month calendar from 2000-01-01: 5,001 distinct real dates.
                let (y, m, d) = (2000 + i / 336, i % 336 / 28 + 1, i % 28 + 1);
                format!(r#"{{"id":"a{i}","history":[{{"from":"{y:04}-{m:02}-{d:02}","level":null}}]}}"#)
            } else {
                format!(r#"{{"id":"a{i}"}}"#)
            }
        })
        .collect();
    let sales = format!(r#"{{"agents":[{}]}}"#, agents.join(","));
    let err = commission_engine::calculate_json(r#"{"currency":"USD"}"#, &sales, "{}").unwrap_err();
    let err = serde_json::to_value(&err).unwrap();
    assert_eq!(err["code"], "limit_exceeded");
    assert_eq!(err["path"], "/agents");
}
