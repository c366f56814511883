/**
 * drizzle relations() for db.query, kept apart from the tables so table files import each other only for foreign
 * keys (style.md item 16 puts relations beside their tables; here that made the schema files a cycle, issue 9).
 */
import { relations } from 'drizzle-orm';
import { citizenCredentialsTable } from './citizen-credentials.js';
import { citizenEnrolmentsTable, citizensTable } from './citizens.js';
import { deviceCommandsTable, devicesTable } from './devices.js';
import { identityProvidersTable } from './identity-providers.js';
import { municipalitiesTable } from './municipalities.js';
import { passkeysTable } from './passkeys.js';
import { sessionsTable } from './sessions.js';
import { staffTable, unitMembershipsTable } from './staff.js';
import { poolCoverageTable, unitsTable } from './units.js';

export const citizenCredentialsRelations = relations(citizenCredentialsTable, ({ one }) => ({
  citizen: one(citizensTable, {
    fields: [citizenCredentialsTable.citizenId],
    references: [citizensTable.id],
  }),
}));

export const citizensRelations = relations(citizensTable, ({ one, many }) => ({
  municipality: one(municipalitiesTable, {
    fields: [citizensTable.municipalityId],
    references: [municipalitiesTable.id],
  }),
  enrolments: many(citizenEnrolmentsTable),
  devices: many(devicesTable),
}));

export const citizenEnrolmentsRelations = relations(citizenEnrolmentsTable, ({ one }) => ({
  citizen: one(citizensTable, { fields: [citizenEnrolmentsTable.citizenId], references: [citizensTable.id] }),
  unit: one(unitsTable, { fields: [citizenEnrolmentsTable.unitId], references: [unitsTable.id] }),
  guide: one(staffTable, { fields: [citizenEnrolmentsTable.guideStaffId], references: [staffTable.id] }),
}));

export const devicesRelations = relations(devicesTable, ({ one, many }) => ({
  municipality: one(municipalitiesTable, {
    fields: [devicesTable.municipalityId],
    references: [municipalitiesTable.id],
  }),
  citizen: one(citizensTable, { fields: [devicesTable.citizenId], references: [citizensTable.id] }),
  commands: many(deviceCommandsTable),
}));

export const deviceCommandsRelations = relations(deviceCommandsTable, ({ one }) => ({
  device: one(devicesTable, { fields: [deviceCommandsTable.deviceId], references: [devicesTable.id] }),
}));

export const identityProvidersRelations = relations(identityProvidersTable, ({ one }) => ({
  municipality: one(municipalitiesTable, {
    fields: [identityProvidersTable.municipalityId],
    references: [municipalitiesTable.id],
  }),
}));

export const municipalitiesRelations = relations(municipalitiesTable, ({ many }) => ({
  units: many(unitsTable),
  staff: many(staffTable),
  citizens: many(citizensTable),
  devices: many(devicesTable),
}));

export const passkeysRelations = relations(passkeysTable, ({ one }) => ({
  staff: one(staffTable, { fields: [passkeysTable.staffId], references: [staffTable.id] }),
  citizen: one(citizensTable, { fields: [passkeysTable.citizenId], references: [citizensTable.id] }),
}));

export const sessionsRelations = relations(sessionsTable, ({ one }) => ({
  staff: one(staffTable, { fields: [sessionsTable.staffId], references: [staffTable.id] }),
  citizen: one(citizensTable, { fields: [sessionsTable.citizenId], references: [citizensTable.id] }),
}));

export const staffRelations = relations(staffTable, ({ one, many }) => ({
  municipality: one(municipalitiesTable, {
    fields: [staffTable.municipalityId],
    references: [municipalitiesTable.id],
  }),
  memberships: many(unitMembershipsTable),
}));

export const unitMembershipsRelations = relations(unitMembershipsTable, ({ one }) => ({
  staff: one(staffTable, { fields: [unitMembershipsTable.staffId], references: [staffTable.id] }),
  unit: one(unitsTable, { fields: [unitMembershipsTable.unitId], references: [unitsTable.id] }),
}));

export const unitsRelations = relations(unitsTable, ({ one, many }) => ({
  municipality: one(municipalitiesTable, {
    fields: [unitsTable.municipalityId],
    references: [municipalitiesTable.id],
  }),
  memberships: many(unitMembershipsTable),
  enrolments: many(citizenEnrolmentsTable),
  coveredFacilities: many(poolCoverageTable, { relationName: 'pool' }),
  coveringPools: many(poolCoverageTable, { relationName: 'facility' }),
}));

export const poolCoverageRelations = relations(poolCoverageTable, ({ one }) => ({
  pool: one(unitsTable, {
    fields: [poolCoverageTable.poolUnitId],
    references: [unitsTable.id],
    relationName: 'pool',
  }),
  facility: one(unitsTable, {
    fields: [poolCoverageTable.facilityUnitId],
    references: [unitsTable.id],
    relationName: 'facility',
  }),
}));
