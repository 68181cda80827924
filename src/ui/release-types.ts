// The names of the kinds of release, as the page shows them.
export const typeNames: Record<string, string> = {
  album: 'Studio album', single: 'Single', ep: 'EP', live: 'Live', compilation: 'Compilation', soundtrack: 'Soundtrack',
  collaboration: 'Collaboration', rarity: 'Rarity', spokenword: 'Spoken word', podcast: 'Podcast', classical: 'Classical',
};
