//! The geometry of the dashboard's bar chart, pure: numbers in, rectangles,
//! ticks and labels out, in SVG user units. The template only draws them,
//! so the server sends a finished SVG and the page needs no script.

/// One series: a checkpoint's count per day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub name: String,
    pub values: Vec<u32>,
}

/// A bar: series index (its colour) and its rectangle.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub series: usize,
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    pub value: u32,
}

/// A horizontal grid line with its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub y: f32,
    pub value: u32,
}

/// A label under a group of bars.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub x: f32,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub width: f32,
    pub height: f32,
    /// The plot area: left edge, top, right edge, baseline.
    pub left: f32,
    pub top: f32,
    pub right: f32,
    pub baseline: f32,
    pub bars: Vec<Bar>,
    pub ticks: Vec<Tick>,
    pub labels: Vec<Label>,
}

/// Room for the tick values on the left and the labels below.
const LEFT: f32 = 44.0;
const TOP: f32 = 10.0;
const RIGHT_PAD: f32 = 8.0;
const BOTTOM: f32 = 24.0;
/// The share of a group's width left empty between groups.
const GROUP_GAP: f32 = 0.25;

/// The smallest "nice" step (1, 2 or 5 times a power of ten) that splits
/// `max` into at most `steps` steps.
pub fn nice_step(max: u32, steps: u32) -> u32 {
    let steps = steps.max(1);
    let raw = max.div_ceil(steps).max(1);
    let mut power = 1u32;
    loop {
        for m in [1u32, 2, 5] {
            let step = m.saturating_mul(power);
            if step >= raw {
                return step;
            }
        }
        power = power.saturating_mul(10);
    }
}

/// Lays out a grouped bar chart: one group per label (a day), one bar per
/// series (a checkpoint) in each group, on a scale from 0 to a nice
/// maximum with at most five grid lines.
pub fn bar_chart(labels: &[String], series: &[Series], width: f32, height: f32) -> Chart {
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .max()
        .unwrap_or(0);
    let step = nice_step(max, 5);
    let top_value = if max == 0 {
        step
    } else {
        max.div_ceil(step) * step
    };
    let (left, top, right, baseline) = (LEFT, TOP, width - RIGHT_PAD, height - BOTTOM);
    let plot_h = baseline - top;
    let y_of = |v: u32| baseline - plot_h * v as f32 / top_value as f32;
    let ticks = (0..=top_value / step)
        .map(|i| Tick {
            y: y_of(i * step),
            value: i * step,
        })
        .collect();
    let groups = labels.len().max(1) as f32;
    let group_w = (right - left) / groups;
    let bars_in_group = series.len().max(1) as f32;
    let bar_w = group_w * (1.0 - GROUP_GAP) / bars_in_group;
    let mut bars = Vec::new();
    for (g, _) in labels.iter().enumerate() {
        let group_x = left + group_w * g as f32 + group_w * GROUP_GAP / 2.0;
        for (s, one) in series.iter().enumerate() {
            let value = one.values.get(g).copied().unwrap_or(0);
            let y = y_of(value);
            bars.push(Bar {
                series: s,
                x: group_x + bar_w * s as f32,
                y,
                w: bar_w,
                h: baseline - y,
                value,
            });
        }
    }
    let labels = labels
        .iter()
        .enumerate()
        .map(|(g, text)| Label {
            x: left + group_w * (g as f32 + 0.5),
            text: text.clone(),
        })
        .collect();
    Chart {
        width,
        height,
        left,
        top,
        right,
        baseline,
        bars,
        ticks,
        labels,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_one_two_or_five_times_a_power_of_ten() {
        let cases = [
            (0, 5, 1),
            (1, 5, 1),
            (5, 5, 1),
            (6, 5, 2),
            (10, 5, 2),
            (11, 5, 5),
            (24, 5, 5),
            (26, 5, 10),
            (3455, 5, 1000),
            (999, 5, 200),
            (u32::MAX, 5, 1_000_000_000),
        ];
        for (max, steps, step) in cases {
            assert_eq!(nice_step(max, steps), step, "max {max}");
        }
    }

    #[test]
    fn bars_stand_on_the_baseline_in_their_groups() {
        let labels: Vec<String> = ["11-23", "11-24"].map(String::from).to_vec();
        let series = vec![
            Series {
                name: "东门".into(),
                values: vec![40, 100],
            },
            Series {
                name: "北门".into(),
                values: vec![0, 50],
            },
        ];
        let chart = bar_chart(&labels, &series, 444.0, 134.0);
        // Plot: x 44..436 (two groups of 196), y 10..110 (100 units for 0..100).
        assert_eq!(
            chart.ticks.iter().map(|t| t.value).collect::<Vec<_>>(),
            [0, 20, 40, 60, 80, 100]
        );
        assert_eq!(chart.ticks[0].y, 110.0);
        assert_eq!(chart.ticks[5].y, 10.0);
        assert_eq!(chart.bars.len(), 4);
        let bar = |g: usize, s: usize| &chart.bars[g * 2 + s];
        assert_eq!((bar(0, 0).y, bar(0, 0).h), (70.0, 40.0));
        assert_eq!((bar(1, 0).y, bar(1, 0).h), (10.0, 100.0));
        assert_eq!(bar(0, 1).h, 0.0);
        // Bars of a group sit side by side; groups do not overlap.
        assert_eq!(bar(0, 1).x, bar(0, 0).x + bar(0, 0).w);
        assert!(bar(0, 1).x + bar(0, 1).w < bar(1, 0).x);
        for b in &chart.bars {
            assert!((b.y + b.h - chart.baseline).abs() < 1e-4);
            assert!(b.x >= chart.left && b.x + b.w <= chart.right);
        }
        assert_eq!(chart.labels[1].x, 44.0 + 196.0 * 1.5);
    }

    #[test]
    fn an_empty_week_still_has_a_scale() {
        let labels: Vec<String> = vec!["11-24".into()];
        let chart = bar_chart(&labels, &[], 300.0, 100.0);
        assert!(chart.bars.is_empty());
        assert_eq!(
            chart.ticks.iter().map(|t| t.value).collect::<Vec<_>>(),
            [0, 1]
        );
    }
}
