import { z } from 'zod';
import {
  AccountIdSchema,
  AccountStatusSchema,
  ActorRefSchema,
  AccountTypeSchema,
  BindingStatusSchema,
  CREATED_FIELDS,
  EnrollmentIdSchema,
  MspIdSchema,
  PaginationSchema,
  PartyIdSchema,
  RoleSchema,
  TextSchema,
} from './primitives';

/** Accounts and identity bindings: assets and transaction inputs. */

export const AccountSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: AccountTypeSchema,
  country: PartyIdSchema,
  status: AccountStatusSchema,
  statusReason: z.string().optional(),
  ...CREATED_FIELDS,
});

export const IdentityBindingSchema = z.object({
  mspId: z.string(),
  enrollmentId: z.string(),
  accountId: z.string(),
  role: RoleSchema,
  status: BindingStatusSchema,
  changedBy: ActorRefSchema.optional(),
  changedAt: z.string(),
  changedTxId: z.string(),
});

export const CreateAccountInputSchema = z.strictObject({
  id: AccountIdSchema.optional(),
  name: TextSchema,
  type: AccountTypeSchema,
  country: PartyIdSchema,
  admin: z.strictObject({ mspId: MspIdSchema, enrollmentId: EnrollmentIdSchema }),
});

export const AccountRefInputSchema = z.strictObject({ accountId: AccountIdSchema });

export const GetAccountInputSchema = AccountRefInputSchema;

export const ListAccountsInputSchema = PaginationSchema.extend({ type: AccountTypeSchema.optional() });

export const SuspendAccountInputSchema = z.strictObject({ accountId: AccountIdSchema, reason: TextSchema });

export const ReactivateAccountInputSchema = z.strictObject({
  accountId: AccountIdSchema,
  reason: TextSchema.optional(),
});

/** An identity's binding to an account, as a transaction names it. */
const BINDING_REF_FIELDS = { accountId: AccountIdSchema, mspId: MspIdSchema, enrollmentId: EnrollmentIdSchema };

export const BindIdentityInputSchema = z.strictObject({ ...BINDING_REF_FIELDS, role: RoleSchema });

export const RevokeIdentityInputSchema = z.strictObject(BINDING_REF_FIELDS);

export const ListIdentitiesInputSchema = PaginationSchema.extend({ accountId: AccountIdSchema });

/** GetBalance sums an owner's HELD index entries; a huge holder continues from `bookmark`. */
export const GetBalanceInputSchema = z.strictObject({
  accountId: AccountIdSchema,
  bookmark: z.string().max(1024).default(''),
});

export type Account = z.infer<typeof AccountSchema>;

export type IdentityBinding = z.infer<typeof IdentityBindingSchema>;

export type CreateAccountInput = z.infer<typeof CreateAccountInputSchema>;

export type GetAccountInput = z.infer<typeof GetAccountInputSchema>;

export type ListAccountsInput = z.infer<typeof ListAccountsInputSchema>;

export type SuspendAccountInput = z.infer<typeof SuspendAccountInputSchema>;

export type ReactivateAccountInput = z.infer<typeof ReactivateAccountInputSchema>;

export type BindIdentityInput = z.infer<typeof BindIdentityInputSchema>;

export type RevokeIdentityInput = z.infer<typeof RevokeIdentityInputSchema>;

export type ListIdentitiesInput = z.infer<typeof ListIdentitiesInputSchema>;

export type GetBalanceInput = z.infer<typeof GetBalanceInputSchema>;
