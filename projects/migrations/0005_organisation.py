"""
Organisations join the portfolio's data.

Organisations take part in projects, whoever edits them, so they belong to this app with the
projects, participations and themes. This migration only tells Django so: the table, its rows
and every reference to them are renamed and relabelled in place by the migration of the app
that held them before, which runs next, so nothing is copied and nothing is lost.
"""

import core.pictures.fields
import core.pictures.renditions
import django.db.models.deletion
import django_countries.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0004_pictures'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
                migrations.CreateModel(
                    name='Organisation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(help_text='The name shown on the site, e.g. “Comune di Lecce (Municipality of Lecce)”.', max_length=300, verbose_name='name')),
                        ('short_name', models.CharField(blank=True, help_text='An abbreviation or short form, e.g. “Lecce” or “TECNALIA”.', max_length=100, verbose_name='short name')),
                        ('legal_name', models.CharField(blank=True, help_text='The name exactly as CORDIS spells it, e.g. “CITTA DI LECCE*COMUNE DI LECCE”.', max_length=300, verbose_name='legal name')),
                        ('slug', models.SlugField(error_messages={'unique': 'Another organisation already uses this address.'}, help_text="The organisation's address on the site, e.g. “comune-di-lecce”.", max_length=100, unique=True, verbose_name='slug')),
                        ('pic', models.PositiveIntegerField(blank=True, error_messages={'unique': 'Another organisation already has this CORDIS id.'}, help_text='The participant identification code, nine digits, e.g. 960216387.', null=True, unique=True, verbose_name='CORDIS organisation id (PIC)')),
                        ('kind', models.CharField(blank=True, choices=[('PUB', 'Public body'), ('REC', 'Research organisation'), ('HES', 'Higher or secondary education'), ('PRC', 'Private company'), ('OTH', 'Other')], help_text='The activity type CORDIS gives the organisation.', max_length=3, verbose_name='kind')),
                        ('country', django_countries.fields.CountryField(blank=True, max_length=2, verbose_name='country')),
                        ('city', models.CharField(blank=True, help_text='e.g. “Lecce”.', max_length=100, verbose_name='city')),
                        ('website', models.URLField(blank=True, help_text='e.g. https://www.comune.lecce.it', verbose_name='website')),
                        ('tagline', models.CharField(blank=True, help_text='One line that says who the organisation is, shown under its name.', max_length=300, verbose_name='tagline')),
                        ('tagline_it', models.CharField(blank=True, help_text='One line that says who the organisation is, shown under its name.', max_length=300, null=True, verbose_name='tagline')),
                        ('tagline_en', models.CharField(blank=True, help_text='One line that says who the organisation is, shown under its name.', max_length=300, null=True, verbose_name='tagline')),
                        ('introduction', models.TextField(blank=True, help_text='One or two sentences that open the profile page. Markdown subset allowed.', verbose_name='opening line')),
                        ('introduction_it', models.TextField(blank=True, help_text='One or two sentences that open the profile page. Markdown subset allowed.', null=True, verbose_name='opening line')),
                        ('introduction_en', models.TextField(blank=True, help_text='One or two sentences that open the profile page. Markdown subset allowed.', null=True, verbose_name='opening line')),
                        ('logo', core.pictures.fields.PictureField(blank=True, upload_to=core.pictures.renditions.RandomName('logos'), verbose_name='logo')),
                        ('is_featured', models.BooleanField(default=False, help_text="The featured organisation's profile is the home page. Only one can be featured.", verbose_name='featured')),
                        ('is_published', models.BooleanField(default=True, help_text='Unpublished organisations appear nowhere on the public site.', verbose_name='published')),
                        ('created', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ],
                    options={
                        'verbose_name': 'organisation',
                        'verbose_name_plural': 'organisations',
                        'ordering': ['name'],
                        'indexes': [models.Index(fields=['is_published', 'country'], name='projects_org_published_country'), models.Index(fields=['kind'], name='projects_org_kind')],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('is_featured', True)), fields=('is_featured',), name='projects_organisation_single_featured', violation_error_message='Another organisation is already featured. Remove the “featured” mark from it first: only one organisation can be the home page.')],
                    },
                ),
                migrations.AddField(
                    model_name='participation',
                    name='organisation',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='participations', to='projects.organisation', verbose_name='organisation'),
                ),
                migrations.AddConstraint(
                    model_name='participation',
                    constraint=models.UniqueConstraint(fields=('project', 'organisation'), name='projects_participation_once_per_project', violation_error_message='This organisation already takes part in this project.'),
                ),
        ]),
    ]
