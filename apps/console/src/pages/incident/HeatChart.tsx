import { useMemo } from 'react';
import type { Fact } from '../../api/types';
import { EChart, type ChartOption } from '../../components/EChart';
import { beijing } from '../../components/time';
import { Section } from '../../components/Section';

/** 热度走势: the heat index over time, from the heat measurements grading received for the incident. */
export function HeatChart({ facts }: { facts: readonly Fact[] }) {
  const points = useMemo(
    () =>
      facts
        .filter((fact) => fact.type === 'ingestion.IncidentHeatChanged')
        .map((fact) => {
          const data = fact.data as { heatIndex?: number; measuredAt?: string };
          return { at: data.measuredAt ?? fact.occurredAt, heat: data.heatIndex ?? 0 };
        })
        .sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
    [facts],
  );
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 40, right: 16, top: 24, bottom: 32 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: points.map((p) => beijing(p.at, 'MM-DD HH:mm')) },
      yAxis: { type: 'value', min: 0, max: 100, name: '热度' },
      series: [
        { type: 'line', name: '热度指数', data: points.map((p) => p.heat), smooth: true, areaStyle: {} },
      ],
    }),
    [points],
  );
  const last = points[points.length - 1];
  return (
    <Section title="热度走势">
      {points.length === 0 ? (
        <p>暂无热度记录</p>
      ) : (
        <EChart
          option={option}
          label={`热度走势图：共 ${points.length} 个测量点，最新热度 ${last ? last.heat.toFixed(1) : '—'}`}
        />
      )}
    </Section>
  );
}
