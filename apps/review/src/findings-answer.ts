/** What a ruling, explanation or appeal answers: the finding's stream version after it (If-Match of the next). */
export interface FindingAnswer {
  readonly findingId: string;
  readonly version: number;
}
