// Integration and end-to-end tests talk to real servers; Jest's testTimeout is global, so the tiers set theirs here.
jest.setTimeout(60000);
