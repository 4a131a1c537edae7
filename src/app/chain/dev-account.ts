/**
 * anvil's first development account. Its private key is printed by every anvil and published in
 * Foundry's documentation: anyone can spend from it, so it is only ever used on a development
 * chain, and the UI says so.
 */
export const ANVIL_DEV_PRIVATE_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' as const;
export const ANVIL_DEV_ADDRESS = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266' as const;
export const DEV_ACCOUNT_LABEL = 'Development account (anvil #0) — keys are public, not for value';
