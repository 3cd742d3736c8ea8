import { userNameOrCaller } from '../../iam/access-keys.js';
import {
  createVirtualMfaDevice,
  deactivateMfaDevice,
  deleteVirtualMfaDevice,
  enableMfaDevice,
  getMfaDevice,
  listUserMfaDevices,
  listVirtualMfaDevices,
  mfaDeviceTags,
  resyncMfaDevice,
  tagMfaDevice,
  untagMfaDevice,
  type AssignedMfaDevice,
  type AssignmentStatus,
} from '../../iam/mfa-devices.js';
import type { CodeOutcome } from '../../iam/mfa-code-checks.js';
import { paginate } from '../../iam/pagination.js';
import type { Tag } from '../../iam/tags.js';
import { operation, type Operations } from '../operation.js';
import { listedUser, pageOutput, type UserShape } from './users.js';

/** The `VirtualMFADevice` structure: the seed and QR code only in CreateVirtualMFADevice's answer. */
interface VirtualMfaDeviceShape {
  SerialNumber: string;
  Base32StringSeed?: Buffer;
  QRCodePNG?: Buffer;
  User?: UserShape;
  EnableDate?: string;
  Tags?: Tag[];
}

type Page = { Marker?: string; MaxItems?: number };
type Codes = {
  UserName: string;
  SerialNumber: string;
  AuthenticationCode1: string;
  AuthenticationCode2: string;
};

/** A code check's failure is answered after its transaction committed the failure count. */
export function settle(outcome: CodeOutcome): undefined {
  if (!outcome.ok) throw outcome.error;
  return undefined;
}

function codes(input: Codes) {
  return {
    userName: input.UserName,
    serialNumber: input.SerialNumber,
    code1: input.AuthenticationCode1,
    code2: input.AuthenticationCode2,
  };
}

export const mfaDeviceOperations: Operations = {
  CreateVirtualMFADevice: operation<
    { VirtualMFADeviceName: string; Path?: string; Tags?: Tag[] },
    { VirtualMFADevice: VirtualMfaDeviceShape }
  >(async (input, ctx) => {
    const created = await ctx.store.transaction((tx) =>
      createVirtualMfaDevice(
        tx,
        ctx.secrets,
        ctx.caller.accountId,
        {
          name: input.VirtualMFADeviceName,
          ...(input.Path !== undefined && { path: input.Path }),
          ...(input.Tags !== undefined && { tags: input.Tags }),
        },
        ctx.now,
      ),
    );
    return {
      VirtualMFADevice: {
        SerialNumber: created.serialNumber,
        Base32StringSeed: created.base32StringSeed,
        QRCodePNG: created.qrCodePng,
        ...(created.tags.length > 0 && { Tags: [...created.tags] }),
      },
    };
  }),

  EnableMFADevice: operation<Codes, undefined>(async (input, ctx) =>
    settle(
      await ctx.store.transaction((tx) =>
        enableMfaDevice(tx, ctx.secrets, ctx.caller.accountId, codes(input), ctx.now, ctx.request?.sourceIp),
      ),
    ),
  ),

  ResyncMFADevice: operation<Codes, undefined>(async (input, ctx) =>
    settle(
      await ctx.store.transaction((tx) =>
        resyncMfaDevice(tx, ctx.secrets, ctx.caller.accountId, codes(input), ctx.now, ctx.request?.sourceIp),
      ),
    ),
  ),

  DeactivateMFADevice: operation<{ UserName?: string; SerialNumber: string }, undefined>(
    async (input, ctx) => {
      const userName = userNameOrCaller(input.UserName, ctx.caller);
      await ctx.store.transaction((tx) =>
        deactivateMfaDevice(tx, ctx.caller.accountId, userName, input.SerialNumber),
      );
      return undefined;
    },
  ),

  DeleteVirtualMFADevice: operation<{ SerialNumber: string }, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) => deleteVirtualMfaDevice(tx, ctx.caller.accountId, input.SerialNumber));
    return undefined;
  }),

  ListMFADevices: operation<
    { UserName?: string } & Page,
    { MFADevices: AssignedMfaDevice[]; IsTruncated: boolean; Marker?: string }
  >((input, ctx) =>
    ctx.store.transaction(async (tx) => {
      const userName = userNameOrCaller(input.UserName, ctx.caller);
      const all = await listUserMfaDevices(tx, ctx.caller.accountId, userName);
      return pageOutput('MFADevices', paginate(all, input));
    }),
  ),

  GetMFADevice: operation<{ UserName?: string; SerialNumber: string }, AssignedMfaDevice>((input, ctx) =>
    ctx.store.transaction((tx) =>
      getMfaDevice(
        tx,
        ctx.caller.accountId,
        userNameOrCaller(input.UserName, ctx.caller),
        input.SerialNumber,
      ),
    ),
  ),

  ListVirtualMFADevices: operation<
    { AssignmentStatus?: AssignmentStatus } & Page,
    { VirtualMFADevices: VirtualMfaDeviceShape[]; IsTruncated: boolean; Marker?: string }
  >((input, ctx) =>
    ctx.store.transaction(async (tx) => {
      const devices = await listVirtualMfaDevices(tx, ctx.caller.accountId, input.AssignmentStatus);
      const shapes = devices.map((device): VirtualMfaDeviceShape => ({
        SerialNumber: device.serial_number,
        ...(device.user && { User: listedUser(device.user) }),
        ...(device.enabled_at !== null && { EnableDate: device.enabled_at }),
      }));
      return pageOutput('VirtualMFADevices', paginate(shapes, input));
    }),
  ),

  TagMFADevice: operation<{ SerialNumber: string; Tags: Tag[] }, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      tagMfaDevice(tx, ctx.caller.accountId, input.SerialNumber, input.Tags),
    );
    return undefined;
  }),

  UntagMFADevice: operation<{ SerialNumber: string; TagKeys: string[] }, undefined>(async (input, ctx) => {
    await ctx.store.transaction((tx) =>
      untagMfaDevice(tx, ctx.caller.accountId, input.SerialNumber, input.TagKeys),
    );
    return undefined;
  }),

  ListMFADeviceTags: operation<
    { SerialNumber: string } & Page,
    { Tags: Tag[]; IsTruncated: boolean; Marker?: string }
  >((input, ctx) =>
    ctx.store.transaction(async (tx) =>
      pageOutput('Tags', paginate(await mfaDeviceTags(tx, ctx.caller.accountId, input.SerialNumber), input)),
    ),
  ),
};
