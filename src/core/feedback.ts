/** A 👍/👎 (and optional comment) on one answer, as a platform's buttons or reactions report it. */
export interface Feedback {
  askId: string;
  verdict: "up" | "down";
  userId: string;
  comment?: string;
  at: number;
}
