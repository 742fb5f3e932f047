-- The subset of the Delius schema this service reads and writes, for PostgreSQL 15+ and PGlite.
-- Production is Delius on Oracle, which owns its own schema: this file only serves dev and tests.
--
-- Table, column and sequence names are Delius's (unquoted, so lower case here and upper case on
-- Oracle). Types: ids bigint; 0/1 flags smallint; 'Y'/'N' columns char(1); CLOBs text; every Delius
-- DATE column timestamp(0) without time zone, holding the Europe/London wall-clock value exactly as
-- Oracle DATE does. Foreign keys are left out (Delius has them; they only slow the seed down).
-- Kept in sync with src/db/schema.ts (test/db/schema.test.ts compares the two).

-- ------------------------------------------------------------------------------------------------
-- Reference data
-- ------------------------------------------------------------------------------------------------

create table r_reference_data_master (
  reference_data_master_id bigint primary key,
  code_set_name varchar(100) not null,
  description varchar(500)
);

create table r_standard_reference_list (
  standard_reference_list_id bigint primary key,
  code_value varchar(100) not null,
  code_description varchar(500) not null,
  reference_data_master_id bigint not null,
  selectable char(1) not null default 'Y'
);
create index r_standard_reference_list_code on r_standard_reference_list (code_value);

create table r_disposal_type (
  disposal_type_id bigint primary key,
  disposal_type_code varchar(20) not null,
  description varchar(200) not null,
  sentence_type varchar(2),
  ftc_limit integer,
  selectable char(1) not null default 'Y'
);

create table r_rqmnt_type_main_category (
  rqmnt_type_main_category_id bigint primary key,
  code varchar(20) not null,
  description varchar(200) not null
);

create table r_lic_cond_type_main_cat (
  lic_cond_type_main_cat_id bigint primary key,
  code varchar(20) not null,
  description varchar(200) not null
);

create table r_pss_rqmnt_type_main_category (
  pss_rqmnt_type_main_cat_id bigint primary key,
  code varchar(20) not null,
  description varchar(200) not null
);

create table r_pss_rqmnt_type_sub_category (
  pss_rqmnt_type_sub_cat_id bigint primary key,
  code varchar(20) not null,
  description varchar(200) not null
);

create table r_offence (
  offence_id bigint primary key,
  code varchar(5) not null,
  description varchar(300) not null,
  main_category_code varchar(3) not null,
  main_category_description varchar(200) not null,
  sub_category_code varchar(2) not null,
  sub_category_description varchar(200) not null,
  selectable char(1) not null default 'Y'
);

create table r_register_type (
  register_type_id bigint primary key,
  code varchar(10) not null,
  description varchar(200) not null
);

create table r_contact_type (
  contact_type_id bigint primary key,
  code varchar(10) not null,
  description varchar(200) not null,
  attendance_contact char(1) not null default 'N',
  national_standards_contact char(1) not null default 'N',
  -- Y, N or B (both)
  contact_outcome_flag char(1) not null default 'N'
);
create index r_contact_type_code on r_contact_type (code);

create table r_contact_outcome_type (
  contact_outcome_type_id bigint primary key,
  code varchar(10) not null,
  description varchar(200) not null,
  outcome_attendance char(1),
  outcome_compliant_acceptable char(1),
  enforceable char(1)
);
create index r_contact_outcome_type_code on r_contact_outcome_type (code);

create table r_enforcement_action (
  enforcement_action_id bigint primary key,
  code varchar(10) not null,
  description varchar(200) not null,
  response_by_period integer,
  outstanding_contact_action char(1),
  contact_type_id bigint not null
);

-- ------------------------------------------------------------------------------------------------
-- Organisation: provider (probation_area) → PDU (borough) → LAU (district) → team, staff, offices
-- ------------------------------------------------------------------------------------------------

create table probation_area (
  probation_area_id bigint primary key,
  code varchar(3) not null,
  description varchar(60) not null,
  selectable char(1) not null default 'Y',
  end_date timestamp(0)
);
create index probation_area_code on probation_area (code);

create table borough (
  borough_id bigint primary key,
  code varchar(30) not null,
  description varchar(80) not null,
  probation_area_id bigint not null,
  selectable char(1) not null default 'Y',
  functional char(1) not null default 'Y'
);
create index borough_code on borough (code);

create table district (
  district_id bigint primary key,
  code varchar(30) not null,
  description varchar(80) not null,
  borough_id bigint not null,
  selectable char(1) not null default 'Y'
);
create index district_code on district (code);

create table office_location (
  office_location_id bigint primary key,
  code varchar(7) not null,
  description varchar(50) not null,
  district_id bigint not null,
  probation_area_id bigint not null,
  start_date timestamp(0),
  end_date timestamp(0)
);
create index office_location_code on office_location (code);

create table team (
  team_id bigint primary key,
  code varchar(6) not null,
  description varchar(50) not null,
  district_id bigint not null,
  probation_area_id bigint not null,
  start_date timestamp(0),
  end_date timestamp(0)
);
create index team_code on team (code);

create table team_office_location (
  team_id bigint not null,
  office_location_id bigint not null,
  primary key (team_id, office_location_id)
);

create table staff (
  staff_id bigint primary key,
  officer_code varchar(7) not null,
  forename varchar(35) not null,
  forename2 varchar(35),
  surname varchar(35) not null,
  probation_area_id bigint,
  start_date timestamp(0),
  end_date timestamp(0)
);
create index staff_officer_code on staff (officer_code);

create table staff_team (
  staff_id bigint not null,
  team_id bigint not null,
  primary key (staff_id, team_id)
);
create index staff_team_team on staff_team (team_id);

create table user_ (
  user_id bigint primary key,
  distinguished_name varchar(60) not null,
  staff_id bigint,
  forename varchar(35) not null,
  surname varchar(35) not null,
  -- Quoted: SYSTEM_USER is a reserved word from PostgreSQL 16 on (Kysely quotes it anyway).
  "system_user" smallint not null default 0
);
create index user_distinguished_name on user_ (upper(distinguished_name));
create index user_staff on user_ (staff_id);

-- ------------------------------------------------------------------------------------------------
-- Person, limited access, registrations
-- ------------------------------------------------------------------------------------------------

create table offender (
  offender_id bigint primary key,
  crn varchar(7) not null,
  first_name varchar(35) not null,
  second_name varchar(35),
  third_name varchar(35),
  surname varchar(35) not null,
  date_of_birth_date timestamp(0) not null,
  gender_id bigint,
  ethnicity_id bigint,
  exclusion_message varchar(4000),
  restriction_message varchar(4000),
  current_exclusion smallint not null default 0,
  current_restriction smallint not null default 0,
  soft_deleted smallint not null default 0,
  partition_area_id bigint not null default 0,
  row_version bigint not null default 0,
  created_by_user_id bigint not null,
  created_datetime timestamp(0) not null,
  last_updated_user_id bigint not null,
  last_updated_datetime timestamp(0) not null
);
create unique index offender_crn on offender (crn);

create table offender_manager (
  offender_manager_id bigint primary key,
  offender_id bigint not null,
  allocation_staff_id bigint not null,
  team_id bigint not null,
  probation_area_id bigint not null,
  allocation_date timestamp(0) not null,
  end_date timestamp(0),
  active_flag smallint not null,
  soft_deleted smallint not null default 0,
  partition_area_id bigint not null default 0,
  row_version bigint not null default 0,
  created_by_user_id bigint not null,
  created_datetime timestamp(0) not null,
  last_updated_user_id bigint not null,
  last_updated_datetime timestamp(0) not null
);
create index offender_manager_offender on offender_manager (offender_id);

create table exclusion (
  exclusion_id bigint primary key,
  offender_id bigint not null,
  user_id bigint not null,
  exclusion_date timestamp(0) not null,
  exclusion_end_time timestamp(0)
);
create index exclusion_offender on exclusion (offender_id);

create table restriction (
  restriction_id bigint primary key,
  offender_id bigint not null,
  user_id bigint not null,
  restriction_time timestamp(0) not null,
  restriction_end_time timestamp(0)
);
create index restriction_offender on restriction (offender_id);

create table registration (
  registration_id bigint primary key,
  offender_id bigint not null,
  register_type_id bigint not null,
  register_category_id bigint,
  registration_date timestamp(0) not null,
  next_review_date timestamp(0),
  deregistered smallint not null default 0,
  soft_deleted smallint not null default 0,
  partition_area_id bigint not null default 0,
  row_version bigint not null default 0,
  created_by_user_id bigint not null,
  created_datetime timestamp(0) not null,
  last_updated_user_id bigint not null,
  last_updated_datetime timestamp(0) not null
);
create index registration_offender on registration (offender_id);

-- ------------------------------------------------------------------------------------------------
-- Event, sentence (disposal), custody
-- ------------------------------------------------------------------------------------------------

create table event (
  event_id bigint primary key,
  offender_id bigint not null,
  event_number varchar(10) not null,
  referral_date timestamp(0) not null,
  ftc_count integer,
  breach_end timestamp(0),
  active_flag smallint not null,
  soft_deleted smallint not null default 0,
  partition_area_id bigint not null default 0,
  row_version bigint not null default 0,
  created_by_user_id bigint not null,
  created_datetime timestamp(0) not null,
  last_updated_user_id bigint not null,
  last_updated_datetime timestamp(0) not null
);
create index event_offender on event (offender_id);

create table disposal (
  disposal_id bigint primary key,
  event_id bigint not null,
  offender_id bigint not null,
  disposal_type_id bigint not null,
  disposal_date timestamp(0) not null,
  entry_length integer,
  entry_length_units_id bigint,
  notional_end_date timestamp(0),
  entered_notional_end_date timestamp(0),
  termination_date timestamp(0),
  active_flag smallint not null,
  soft_deleted smallint not null default 0,
  partition_area_id bigint not null default 0,
  row_version bigint not null default 0,
  created_by_user_id bigint not null,
  created_datetime timestamp(0) not null,
  last_updated_user_id bigint not null,
  last_updated_datetime timestamp(0) not null
);
create index disposal_event on disposal (event_id);

create table custody (
  custody_id bigint primary key,
  disposal_id bigint not null,
  soft_deleted smallint not null default 0,
  partition_area_id bigint not null default 0,
  row_version bigint not null default 0,
  created_by_user_id bigint not null,
  created_datetime timestamp(0) not null,
  last_updated_user_id bigint not null,
  last_updated_datetime timestamp(0) not null
);
create index custody_disposal on custody (disposal_id);

create table key_date (
  key_date_id bigint primary key,
  custody_id bigint not null,
  key_date_type_id bigint not null,
  key_date timestamp(0) not null,
  soft_deleted smallint not null default 0,
  partition_area_id bigint not null default 0,
  row_version bigint not null default 0,
  created_by_user_id bigint not null,
  created_datetime timestamp(0) not null,
  last_updated_user_id bigint not null,
  last_updated_datetime timestamp(0) not null
);
create index key_date_custody on key_date (custody_id);

create table release (
  release_id bigint primary key,
  custody_id bigint not null,
  release_type_id bigint not null,
  actual_release_date timestamp(0) not null,
  soft_deleted smallint not null default 0,
  partition_area_id bigint not null default 0,
  row_version bigint not null default 0,
  created_by_user_id bigint not null,
  created_datetime timestamp(0) not null,
  last_updated_user_id bigint not null,
  last_updated_datetime timestamp(0) not null
);
create index release_custody on release (custody_id);

create table main_offence (
  main_offence_id bigint primary key,
  event_id bigint not null,
  offender_id bigint not null,
  offence_id bigint not null,
  offence_date timestamp(0) not null,
  soft_deleted smallint not null default 0,
  partition_area_id bigint not null default 0,
  row_version bigint not null default 0,
  created_by_user_id bigint not null,
  created_datetime timestamp(0) not null,
  last_updated_user_id bigint not null,
  last_updated_datetime timestamp(0) not null
);
create index main_offence_event on main_offence (event_id);

create table additional_offence (
  additional_offence_id bigint primary key,
  event_id bigint not null,
  offence_id bigint not null,
  offence_date timestamp(0),
  soft_deleted smallint not null default 0,
  partition_area_id bigint not null default 0,
  row_version bigint not null default 0,
  created_by_user_id bigint not null,
  created_datetime timestamp(0) not null,
  last_updated_user_id bigint not null,
  last_updated_datetime timestamp(0) not null
);
create index additional_offence_event on additional_offence (event_id);

-- ------------------------------------------------------------------------------------------------
-- Sentence components: requirements, licence conditions, post-sentence supervision requirements
-- ------------------------------------------------------------------------------------------------

create table rqmnt (
  rqmnt_id bigint primary key,
  disposal_id bigint not null,
  offender_id bigint not null,
  rqmnt_type_main_category_id bigint,
  rqmnt_type_sub_category_id bigint,
  start_date timestamp(0) not null,
  commencement_date timestamp(0),
  termination_date timestamp(0),
  rqmnt_termination_reason_id bigint,
  rqmnt_notes text,
  pending_transfer smallint not null default 0,
  active_flag smallint not null,
  soft_deleted smallint not null default 0,
  partition_area_id bigint not null default 0,
  row_version bigint not null default 0,
  created_by_user_id bigint not null,
  created_datetime timestamp(0) not null,
  last_updated_user_id bigint not null,
  last_updated_datetime timestamp(0) not null
);
create index rqmnt_disposal on rqmnt (disposal_id);

create table rqmnt_manager (
  rqmnt_manager_id bigint primary key,
  rqmnt_id bigint not null,
  allocated_staff_id bigint not null,
  allocated_team_id bigint not null,
  probation_area_id bigint not null,
  allocation_date timestamp(0) not null,
  end_date timestamp(0),
  active_flag smallint not null,
  soft_deleted smallint not null default 0,
  partition_area_id bigint not null default 0,
  row_version bigint not null default 0,
  created_by_user_id bigint not null,
  created_datetime timestamp(0) not null,
  last_updated_user_id bigint not null,
  last_updated_datetime timestamp(0) not null
);
create index rqmnt_manager_rqmnt on rqmnt_manager (rqmnt_id);

create table rqmnt_transfer (
  rqmnt_transfer_id bigint primary key,
  rqmnt_id bigint not null,
  transfer_status_id bigint not null,
  accepted_decision_id bigint,
  allocation_reason_id bigint,
  rejection_reason_id bigint,
  request_date timestamp(0) not null,
  transfer_status_date timestamp(0),
  notes text,
  origin_team_id bigint not null,
  origin_staff_id bigint not null,
  receiving_team_id bigint not null,
  receiving_staff_id bigint not null,
  master_transfer_id bigint,
  soft_deleted smallint not null default 0,
  partition_area_id bigint not null default 0,
  row_version bigint not null default 0,
  created_by_user_id bigint not null,
  created_datetime timestamp(0) not null,
  last_updated_user_id bigint not null,
  last_updated_datetime timestamp(0) not null
);
create index rqmnt_transfer_rqmnt on rqmnt_transfer (rqmnt_id);

create table lic_condition (
  lic_condition_id bigint primary key,
  disposal_id bigint not null,
  offender_id bigint not null,
  lic_cond_type_main_cat_id bigint not null,
  lic_cond_type_sub_cat_id bigint,
  start_date timestamp(0) not null,
  commencement_date timestamp(0),
  termination_date timestamp(0),
  lic_termination_reason_id bigint,
  lic_condition_notes text,
  pending_transfer smallint not null default 0,
  active_flag smallint not null,
  soft_deleted smallint not null default 0,
  partition_area_id bigint not null default 0,
  row_version bigint not null default 0,
  created_by_user_id bigint not null,
  created_datetime timestamp(0) not null,
  last_updated_user_id bigint not null,
  last_updated_datetime timestamp(0) not null
);
create index lic_condition_disposal on lic_condition (disposal_id);

create table lic_condition_manager (
  lic_condition_manager_id bigint primary key,
  lic_condition_id bigint not null,
  staff_id bigint not null,
  team_id bigint not null,
  probation_area_id bigint not null,
  allocation_date timestamp(0) not null,
  end_date timestamp(0),
  active_flag smallint not null,
  soft_deleted smallint not null default 0,
  partition_area_id bigint not null default 0,
  row_version bigint not null default 0,
  created_by_user_id bigint not null,
  created_datetime timestamp(0) not null,
  last_updated_user_id bigint not null,
  last_updated_datetime timestamp(0) not null
);
create index lic_condition_manager_lic_condition on lic_condition_manager (lic_condition_id);

create table lic_condition_transfer (
  lic_condition_transfer_id bigint primary key,
  lic_condition_id bigint not null,
  transfer_status_id bigint not null,
  accepted_decision_id bigint,
  allocation_reason_id bigint,
  rejection_reason_id bigint,
  request_date timestamp(0) not null,
  transfer_status_date timestamp(0),
  notes text,
  origin_team_id bigint not null,
  origin_staff_id bigint not null,
  receiving_team_id bigint not null,
  receiving_staff_id bigint not null,
  master_transfer_id bigint,
  soft_deleted smallint not null default 0,
  partition_area_id bigint not null default 0,
  row_version bigint not null default 0,
  created_by_user_id bigint not null,
  created_datetime timestamp(0) not null,
  last_updated_user_id bigint not null,
  last_updated_datetime timestamp(0) not null
);
create index lic_condition_transfer_lic_condition on lic_condition_transfer (lic_condition_id);

create table pss_rqmnt (
  pss_rqmnt_id bigint primary key,
  custody_id bigint not null,
  pss_rqmnt_type_main_cat_id bigint not null,
  pss_rqmnt_type_sub_cat_id bigint,
  active_flag smallint not null,
  soft_deleted smallint not null default 0,
  partition_area_id bigint not null default 0,
  row_version bigint not null default 0,
  created_by_user_id bigint not null,
  created_datetime timestamp(0) not null,
  last_updated_user_id bigint not null,
  last_updated_datetime timestamp(0) not null
);
create index pss_rqmnt_custody on pss_rqmnt (custody_id);

-- ------------------------------------------------------------------------------------------------
-- Contacts and enforcement
-- ------------------------------------------------------------------------------------------------

create table contact (
  contact_id bigint primary key,
  offender_id bigint not null,
  event_id bigint,
  rqmnt_id bigint,
  lic_condition_id bigint,
  nsi_id bigint,
  pss_rqmnt_id bigint,
  contact_date timestamp(0) not null,
  contact_start_time timestamp(0),
  contact_end_time timestamp(0),
  contact_type_id bigint not null,
  contact_outcome_type_id bigint,
  staff_id bigint not null,
  team_id bigint not null,
  probation_area_id bigint not null,
  office_location_id bigint,
  attended char(1),
  complied char(1),
  enforcement smallint,
  latest_enforcement_action_id bigint,
  linked_contact_id bigint,
  notes text,
  description varchar(4000),
  external_reference varchar(4000),
  sensitive char(1) default 'N',
  alert_active char(1),
  rar_activity char(1),
  visor_contact char(1),
  visor_exported char(1),
  trust_provider_team_id bigint not null,
  trust_provider_flag smallint not null default 0,
  soft_deleted smallint not null default 0,
  partition_area_id bigint not null default 0,
  row_version bigint not null default 0,
  created_by_user_id bigint not null,
  created_datetime timestamp(0) not null,
  last_updated_user_id bigint not null,
  last_updated_datetime timestamp(0) not null
);
create index contact_offender on contact (offender_id);
create index contact_event on contact (event_id);
create index contact_rqmnt on contact (rqmnt_id);
create index contact_lic_condition on contact (lic_condition_id);
create index contact_external_reference on contact (external_reference);
create index contact_linked_contact on contact (linked_contact_id);

create table contact_alert (
  contact_alert_id bigint primary key,
  row_version bigint not null default 0,
  offender_id bigint not null,
  contact_id bigint,
  contact_type_id bigint not null,
  offender_manager_id bigint not null,
  trust_provider_team_id bigint not null,
  staff_employee_id bigint not null
);
create index contact_alert_contact on contact_alert (contact_id);

create table enforcement (
  enforcement_id bigint primary key,
  contact_id bigint not null,
  enforcement_action_id bigint,
  response_date timestamp(0),
  action_taken_date timestamp(0),
  action_taken_time timestamp(0),
  soft_deleted smallint not null default 0,
  partition_area_id bigint not null default 0,
  row_version bigint not null default 0,
  created_by_user_id bigint not null,
  created_datetime timestamp(0) not null,
  last_updated_user_id bigint not null,
  last_updated_datetime timestamp(0) not null
);
create index enforcement_contact on enforcement (contact_id);

-- ------------------------------------------------------------------------------------------------
-- Transfers rejected on termination, outbox of domain events, user-action audit
-- ------------------------------------------------------------------------------------------------

create table rejected_transfer_diary (
  rejected_transfer_diary_id bigint primary key,
  offender_id bigint not null,
  event_id bigint,
  rqmnt_id bigint,
  rqmnt_transfer_id bigint,
  lic_condition_id bigint,
  lic_condition_transfer_id bigint,
  transfer_request_date timestamp(0) not null,
  transfer_status_date timestamp(0),
  master_transfer_id bigint,
  rejection_reason_id bigint not null,
  target_provider_id bigint not null,
  target_team_id bigint not null,
  target_staff_id bigint not null,
  origin_provider_id bigint not null,
  origin_team_id bigint not null,
  origin_staff_id bigint not null
);

create table domain_event (
  domain_event_id bigint primary key,
  domain_event_type_id bigint not null,
  message_body varchar(4000) not null,
  message_attributes varchar(4000) not null,
  created_datetime timestamp(0) not null
);

create table business_interaction (
  business_interaction_id bigint primary key,
  business_interaction_code varchar(10) not null,
  description varchar(200) not null,
  enabled_flag char(1) not null default 'Y',
  enabled_date timestamp(0)
);

-- Delius keeps no key here: one user can log the same interaction twice in one second.
create table audited_interaction (
  date_time timestamp(0) not null,
  outcome char(1) not null,
  interaction_parameters varchar(4000),
  user_id bigint not null,
  business_interaction_id bigint not null,
  spg_username varchar(100)
);

-- ------------------------------------------------------------------------------------------------
-- Sequences for the tables the service inserts into. They start high so the seed's explicit ids
-- (all below 1,000,000) never collide with generated ones.
-- ------------------------------------------------------------------------------------------------

create sequence contact_id_seq start with 1000000;
create sequence contact_alert_id_seq start with 1000000;
create sequence enforcement_id_seq start with 1000000;
create sequence rejected_transfer_diary_id_seq start with 1000000;
create sequence domain_event_id_seq start with 1000000;
