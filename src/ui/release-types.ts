// Release types (ContentType) as the page names them.
export const releaseTypeNames: Record<string, string> = {
  album: 'Studio album', single: 'Single', ep: 'EP', live: 'Live', compilation: 'Compilation', soundtrack: 'Soundtrack',
  collaboration: 'Collaboration', rarity: 'Rarity', spokenword: 'Spoken word', podcast: 'Podcast', classical: 'Classical',
};
