/** The one queue every question goes through. Keys live under `<prefix>:answers`; see RTE_QUEUE_PREFIX. */
export const answersQueueName = "answers";
