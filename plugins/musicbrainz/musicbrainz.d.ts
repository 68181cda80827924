// Types of the MusicBrainz module's exports, for the tests that import its matching directly.
import type { CodePlugin, EnricherInput, Enrichment } from '../../src/core/plugin-api.ts';

type Json = Record<string, unknown>;
export const MIN_SCORE: number;
export function looseName(s: string): string;
export function nameSimilarity(a: string, b: string): number;
export function creditName(credit: unknown): string;
export function matchScore(candidate: Json, input: EnricherInput): number;
export function chooseRelease(candidates: unknown, input: EnricherInput): { id: string; score: number; title: string } | null;
export function releaseType(group: unknown): string;
export function matchTracks(release: Json, input: EnricherInput): Enrichment['tracks'];
export function answerFrom(release: Json, input: EnricherInput, score: number, reason: string): Enrichment;
export function baseUrl(hosts: readonly string[] | undefined): string;
declare const plugin: CodePlugin;
export default plugin;
