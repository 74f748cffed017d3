// Departments and clinicians of the sample: a fixed list of 42 departments (names chosen to exercise
// escaping: '&', commas, quotes, '<' '>', an apostrophe, non-ASCII), two of them very small so small-cell
// suppression has work to do, and a roster whose size grows with the sample (sqrt of the message count).
import type { Rng } from './random.ts';
import { ROSTER_SHARE, ROLES, SETTINGS, type CareSetting, type Role } from './shape.ts';

export interface Department {
  index: number;
  id: string;
  name: string;
  setting: CareSetting;
  /** Relative share of its care setting's threads; 0 for the tiny departments (fixed low rate instead). */
  weight: number;
  tiny: boolean;
  leadEmails: string[];
}

export interface Clinician {
  id: string;
  role: Role;
  department: number;
  /** Relative busyness within its pool (1..3). */
  weight: number;
}

const DEPARTMENTS: Array<[string, CareSetting, number]> = [
  ['Family Medicine – Northwest', 'primary_care', 6],
  ['Family Medicine – Kasson', 'primary_care', 4],
  ['Family Medicine – Baldwin', 'primary_care', 5],
  ['Community Internal Medicine', 'primary_care', 7],
  ['Internal Medicine – General Medicine', 'primary_care', 5],
  ['Pediatric & Adolescent Medicine', 'primary_care', 5],
  ['Pediatrics "Kids <First>" Clinic', 'primary_care', 3],
  ['Employee & Community Health – Southeast', 'primary_care', 4],
  ['Primary Care Internal Medicine', 'primary_care', 4],
  ["Women's Health Primary Care", 'primary_care', 3],
  ['Geriatric Primary Care', 'primary_care', 2],
  ['Family Medicine, Lake City', 'primary_care', 2],
  ['Express Care', 'primary_care', 2],
  ['Médecine familiale – Annexe', 'primary_care', 1.5],
  ['Primary Care – Zumbro Valley', 'primary_care', 1.5],
  ['Lactation Support', 'primary_care', 0],
  ['Cardiovascular Medicine', 'specialty', 5],
  ['Dermatology', 'specialty', 3],
  ['Endocrinology, Diabetes & Metabolism', 'specialty', 4],
  ['Gastroenterology & Hepatology', 'specialty', 4],
  ['Neurology', 'specialty', 3.5],
  ['Medical Oncology', 'specialty', 4],
  ['Orthopedic Surgery', 'specialty', 3],
  ['Psychiatry & Psychology', 'specialty', 3],
  ['Pulmonary & Critical Care', 'specialty', 2.5],
  ['Rheumatology', 'specialty', 2],
  ['Urology', 'specialty', 2],
  ['Nephrology & Hypertension', 'specialty', 2],
  ['Hematology', 'specialty', 2.5],
  ['Allergic Diseases', 'specialty', 1.5],
  ['Ophthalmology', 'specialty', 2],
  ['Otorhinolaryngology (Ear, Nose & Throat)', 'specialty', 2],
  ['Obstetrics & Gynecology', 'specialty', 3.5],
  ['Sports Medicine', 'specialty', 1.5],
  ['Infectious Diseases', 'specialty', 1.5],
  ['Sleep Medicine', 'specialty', 1],
  ['Pain Medicine', 'specialty', 1.2],
  ['Transplant Center', 'specialty', 1.5],
  ['Vascular Surgery', 'specialty', 1],
  ['Breast Clinic', 'specialty', 1.2],
  ['Physical Medicine & Rehabilitation', 'specialty', 1],
  ['Travel Medicine', 'specialty', 0],
];

const FIRST = [
  'anna',
  'ben',
  'carla',
  'dev',
  'elena',
  'farid',
  'grace',
  'hiro',
  'ines',
  'jon',
  'kate',
  'luis',
  'maya',
  'nils',
  'olga',
  'priya',
  'quinn',
  'rosa',
  'sam',
  'tara',
];
const LAST = [
  'olson',
  'nguyen',
  'berg',
  'patel',
  'larson',
  'garcia',
  'kim',
  'schmidt',
  'haugen',
  'ali',
  'johnson',
  'novak',
  'dahl',
  'moreno',
  'lind',
];

/** 0..3 lead addresses; about one department in seven has none. */
const LEAD_COUNT_WEIGHT = [0.15, 0.45, 0.3, 0.1];

export function makeDepartments(rng: Rng): Department[] {
  return DEPARTMENTS.map(([name, setting, weight], index) => {
    const x = rng.float();
    let count = 0;
    for (let acc = 0; count < 3; count++) {
      acc += LEAD_COUNT_WEIGHT[count] as number;
      if (x < acc) break;
    }
    // The department whose name needs HTML escaping always has leads, so its name reaches an email too.
    if (/[<>]/.test(name)) count = Math.max(count, 2);
    const leadEmails: string[] = [];
    while (leadEmails.length < count) {
      const e = `${FIRST[rng.int(FIRST.length)]}.${LAST[rng.int(LAST.length)]}@example.org`;
      if (!leadEmails.includes(e)) leadEmails.push(e);
    }
    return { index, id: `D${String(index + 1).padStart(3, '0')}`, name, setting, weight, tiny: weight === 0, leadEmails };
  });
}

/** Roster size for a sample of this many messages. */
export function rosterSize(messages: number): number {
  return Math.max(120, Math.min(3000, Math.round(Math.sqrt(messages))));
}

export function makeClinicians(rng: Rng, departments: Department[], size: number): Clinician[] {
  const out: Clinician[] = [];
  const add = (role: Role, department: number) => {
    out.push({ id: `C${10001 + out.length}`, role, department, weight: 1 + rng.int(3) });
  };
  // Every department has at least one physician; the tiny ones have only that.
  for (const d of departments) add('physician', d.index);
  for (const setting of SETTINGS) {
    const depts = departments.filter((d) => d.setting === setting && !d.tiny);
    const totalWeight = depts.reduce((s, d) => s + d.weight, 0);
    ROLES.forEach((role, r) => {
      const already = out.filter((c) => c.role === role && departments[c.department]?.setting === setting).length;
      const want = Math.max(1, Math.round(size * (ROSTER_SHARE[setting][r] as number))) - already;
      for (let i = 0; i < want; i++) {
        let x = rng.float() * totalWeight;
        let pick = depts[0] as Department;
        for (const d of depts) {
          x -= d.weight;
          if (x < 0) {
            pick = d;
            break;
          }
        }
        add(role, pick.index);
      }
    });
  }
  return out;
}

/** Ids written by clinicians who are not on the roster. */
export function unknownClinicianIds(rosterCount: number): string[] {
  const n = Math.max(5, Math.round(rosterCount / 40));
  return Array.from({ length: n }, (_, i) => `C9${String(i + 1).padStart(4, '0')}`);
}

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvLine(fields: string[]): string {
  return fields.map(csvField).join(',') + '\r\n';
}

/** departments.csv; two rows write care_setting in another case (enum values are case-insensitive). */
export function departmentsCsv(departments: Department[]): { text: string; caseVariants: number } {
  let text = csvLine(['department_id', 'name', 'care_setting', 'lead_emails']);
  let caseVariants = 0;
  for (const d of departments) {
    let setting: string = d.setting;
    if (d.index === 2) {
      setting = 'Primary_Care';
      caseVariants++;
    }
    if (d.index === 20) {
      setting = 'SPECIALTY';
      caseVariants++;
    }
    // One department separates its addresses with '; ' (a space after the separator), as people type them.
    const sep = d.leadEmails.length > 1 && d.index === departments.findIndex((x) => x.leadEmails.length > 1) ? '; ' : ';';
    text += csvLine([d.id, d.name, setting, d.leadEmails.join(sep)]);
  }
  return { text, caseVariants };
}

const ROLE_VARIANTS: Record<Role, string> = {
  physician: 'Physician',
  registered_nurse: 'Registered_Nurse',
  np_pa: 'NP_PA',
  other: 'OTHER',
};

/** clinicians.csv; every 50th row writes its role in another case. */
export function cliniciansCsv(clinicians: Clinician[], departments: Department[]): { text: string; caseVariants: number } {
  let text = csvLine(['clinician_id', 'role', 'department_id']);
  let caseVariants = 0;
  clinicians.forEach((c, i) => {
    let role: string = c.role;
    if (i % 50 === 7) {
      role = ROLE_VARIANTS[c.role];
      caseVariants++;
    }
    text += csvLine([c.id, role, (departments[c.department] as Department).id]);
  });
  return { text, caseVariants };
}
